package io.bpmonitor.board;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import io.bpmonitor.board.BoardSummary.Thresholds;
import org.elasticsearch.client.RestClient;

/** Asks Elasticsearch for one window of the board ({@link SummaryQuery} on the anomalies index). */
public class SummaryService {

    private final BoardSearch search;
    private final Thresholds thresholds;
    private final Clock clock;

    /** @param client looked up on first use, so the lazy client bean is only built when the board is asked */
    public SummaryService(Supplier<RestClient> client, String index, Thresholds thresholds, Clock clock) {
        this.search = new BoardSearch(client, index);
        this.thresholds = thresholds;
        this.clock = clock;
    }

    /**
     * @throws BoardRequestException     for a window the board does not offer
     * @throws BoardUnavailableException when Elasticsearch is unreachable or answers with an error
     */
    public BoardSummary summary(String windowParameter) {
        BoardWindow window = BoardWindow.parse(windowParameter);
        Instant to = clock.instant();
        Instant from = to.minus(window.length());
        return SummaryMapper.map(window, from, to, thresholds, search.search(SummaryQuery.body(window, from, to)));
    }
}
