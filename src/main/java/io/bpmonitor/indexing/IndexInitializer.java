package io.bpmonitor.indexing;

import java.io.IOException;
import java.io.InputStream;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an index of bp-monitor's (anomalies, alerts, alert state) with its explicit mapping when it does not exist
 * yet, before the detector consumes.
 * An index that exists is left as it is: an operator may have tuned its settings.
 */
public class IndexInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(IndexInitializer.class);

    public static final String INDEX_DEFINITION = "/elasticsearch/bp_anomalies-index.json";
    public static final String ALERT_INDEX_DEFINITION = "/elasticsearch/bp_alerts-index.json";
    public static final String ALERT_STATE_INDEX_DEFINITION = "/elasticsearch/bp_alert_state-index.json";

    private final ElasticsearchClient client;
    private final String index;
    private final String definition;

    public IndexInitializer(ElasticsearchClient client, String index) {
        this(client, index, INDEX_DEFINITION);
    }

    /** @param definition the class-path resource of the index's settings and mapping */
    public IndexInitializer(ElasticsearchClient client, String index, String definition) {
        this.client = client;
        this.index = index;
        this.definition = definition;
    }

    /** @return whether this call created the index */
    public boolean ensureIndex() throws IOException {
        if (client.indices().exists(request -> request.index(index)).value()) {
            LOG.info("Index {} exists", index);
            return false;
        }
        try (InputStream json = IndexInitializer.class.getResourceAsStream(definition)) {
            client.indices().create(request -> request.index(index).withJson(json));
            LOG.info("Index {} created with the bp-monitor mapping", index);
            return true;
        } catch (ElasticsearchException e) {
            // another detector of the group created it between our check and our create
            if ("resource_already_exists_exception".equals(e.error().type())) {
                return false;
            }
            throw e;
        }
    }
}
