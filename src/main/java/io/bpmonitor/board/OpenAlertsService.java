package io.bpmonitor.board;

import java.util.function.Supplier;

import org.elasticsearch.client.RestClient;

/** Asks Elasticsearch for the open alerts ({@link OpenAlerts#query()} on the alerts index). */
public class OpenAlertsService {

    private final BoardSearch search;

    public OpenAlertsService(Supplier<RestClient> client, String index) {
        this.search = new BoardSearch(client, index);
    }

    /** @throws BoardUnavailableException when Elasticsearch is unreachable or answers with an error */
    public OpenAlerts openAlerts() {
        return OpenAlerts.map(search.search(OpenAlerts.query()));
    }
}
