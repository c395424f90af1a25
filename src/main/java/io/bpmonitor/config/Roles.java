package io.bpmonitor.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The roles one instance runs, and the one place that decides what follows from them: which route files load and which
 * routes start, whether the board and the HTTP server are on, and whether Elasticsearch is needed and checked.
 *
 * @param alertOutputs the alert outputs whose URL is set; they run with the detector
 */
public record Roles(Set<Role> roles, boolean elasticsearchConfigured, Set<AlertOutput> alertOutputs) {

    public Roles {
        roles = Set.copyOf(roles);
        // in declaration order: the route files load in a stable order
        EnumSet<AlertOutput> ordered = EnumSet.noneOf(AlertOutput.class);
        ordered.addAll(alertOutputs);
        alertOutputs = Collections.unmodifiableSet(ordered);
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }

    /** Camel's route filter: the routes of the roles this instance does not run. */
    public String excludedRoutesPattern() {
        return EnumSet.complementOf(EnumSet.copyOf(roles)).stream().filter(Role::startsByItself)
                .map(role -> role.routePrefix() + "*").collect(Collectors.joining(","));
    }

    /**
     * The YAML files of the roles this instance runs, each with {@code prefix}: {@code simulator.yaml,detector.yaml},
     * and with the detector those of the alert outputs that are on ({@code alert-webhook.yaml}). No other file is
     * loaded.
     */
    public String routeFiles(String prefix) {
        return Stream.concat(
                        Arrays.stream(Role.values()).filter(roles::contains).map(role -> role.routePrefix() + ".yaml"),
                        activeAlertOutputs().stream().map(AlertOutput::routeFile))
                .map(file -> prefix + file)
                .collect(Collectors.joining(","));
    }

    /** The alert outputs that run here: those whose URL is set, where the alert engine runs. */
    public Set<AlertOutput> activeAlertOutputs() {
        return runs(Role.ALERTS) ? alertOutputs : Set.of();
    }

    /** The detector and the alerts must index; any other role only reads, and only when given an Elasticsearch. */
    public boolean needsElasticsearch() {
        return runs(Role.DETECTOR) || runs(Role.ALERTS);
    }

    /** The board shows what Elasticsearch holds: on wherever it is reachable. */
    public boolean servesBoard() {
        return needsElasticsearch() || elasticsearchConfigured;
    }

    /** The HTTP server carries the board and the FHIR endpoint. */
    public boolean servesHttp() {
        return servesBoard() || runs(Role.INGEST);
    }
}
