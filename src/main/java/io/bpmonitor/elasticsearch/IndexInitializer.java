package io.bpmonitor.elasticsearch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an index of bp-monitor's (anomalies, alerts, patients' days, audit) with its explicit mapping when it does not exist
 * yet, before the detector consumes, and again when it was deleted while the detector runs. An index that exists is
 * left as it is: an operator may have tuned its settings.
 *
 * <p>It also keeps an index template for exactly that index name with the same definition: Elasticsearch creates a
 * missing index by itself on the first write ({@code action.auto_create_index}, on by default), and the template gives
 * such an index the bp-monitor mapping instead of a dynamic one. Where the user may not manage templates
 * ({@code manage_index_templates}) that is said once and the detector runs on; the index is then re-created only
 * where auto-creation is off (the bulk answers 404 and the detector creates it).
 */
public class IndexInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(IndexInitializer.class);

    public static final String INDEX_DEFINITION = "/elasticsearch/bp_anomalies-index.json";
    public static final String ALERT_INDEX_DEFINITION = "/elasticsearch/bp_alerts-index.json";
    public static final String PATIENT_DAYS_INDEX_DEFINITION = "/elasticsearch/bp_patient_days-index.json";
    public static final String AUDIT_INDEX_DEFINITION = "/elasticsearch/bp_audit-index.json";
    /** Above Elasticsearch's built-in templates (100 and below), below what an operator may choose to override. */
    static final long TEMPLATE_PRIORITY = 500;

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

    public String index() {
        return index;
    }

    /** What writing the index needs: the audit trail only adds documents ({@code create_doc}); the others, {@code write}. */
    public String writePrivilege() {
        return AUDIT_INDEX_DEFINITION.equals(definition) ? "create_doc" : "write";
    }

    /** The template that gives the index its mapping when Elasticsearch creates it by itself. */
    public static String templateName(String index) {
        return "bp-monitor-" + index;
    }

    /** @return whether this call created the index */
    public boolean ensureIndex() throws IOException {
        ensureTemplate();
        if (client.indices().exists(request -> request.index(index)).value()) {
            extendMapping();
            LOG.info("Index {} exists", index);
            return false;
        }
        try (InputStream json = IndexInitializer.class.getResourceAsStream(definition)) {
            client.indices().create(request -> request.index(index).withJson(json));
            LOG.info("Index {} created with the bp-monitor mapping", index);
            return true;
        } catch (ElasticsearchException e) {
            // another detector of the group (or Elasticsearch, from the template) created it meanwhile
            if ("resource_already_exists_exception".equals(e.error().type())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * An index a previous release created has the mapping of that release: the fields added since are put into it
     * (adding fields is all Elasticsearch allows, and all bp-monitor does between releases), so its strict mapping
     * takes the new documents.
     */
    private void extendMapping() throws IOException {
        JsonNode mappings;
        try (InputStream json = IndexInitializer.class.getResourceAsStream(definition)) {
            mappings = new ObjectMapper().readTree(json).path("mappings");
        }
        Set<String> present = client.indices().getMapping(request -> request.index(index)).mappings().values().stream()
                .flatMap(found -> found.mappings().properties().keySet().stream()).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        mappings.path("properties").fieldNames().forEachRemaining(field -> {
            if (!present.contains(field)) {
                missing.add(field);
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        try {
            client.indices().putMapping(request -> request.index(index)
                    .withJson(new ByteArrayInputStream(mappings.toString().getBytes(StandardCharsets.UTF_8))));
            LOG.info("Index {}: mapping extended with {}", index, missing);
        } catch (ElasticsearchException e) {
            throw new IllegalStateException("Index " + index + " lacks the fields " + missing + " of this release and"
                    + " they cannot be added (" + e.status() + " " + e.error().type() + "): give the user the 'manage'"
                    + " privilege on it for one start, or add them to its mapping", e);
        }
    }

    private void ensureTemplate() throws IOException {
        try (InputStream json = IndexInitializer.class.getResourceAsStream(definition)) {
            client.indices().putIndexTemplate(request -> request.name(templateName(index)).indexPatterns(index)
                    .priority(TEMPLATE_PRIORITY).template(template -> template.withJson(json)));
        } catch (ElasticsearchException e) {
            LOG.warn("No index template {} ({} {}): an index {} deleted while the detector runs is re-created with "
                    + "the bp-monitor mapping only where action.auto_create_index is off", templateName(index),
                    e.status(), e.error().type(), index);
        }
    }
}
