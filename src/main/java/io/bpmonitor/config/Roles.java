package io.bpmonitor.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles one instance runs, and the one place that decides what follows from them: which route files load and which
 * routes start, whether
 * the board and the HTTP server are on, and whether Elasticsearch is needed and checked.
 */
public record Roles(Set<Role> roles, boolean elasticsearchConfigured) {

    public Roles {
        roles = Set.copyOf(roles);
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
     * The YAML files of the roles this instance runs, each with {@code prefix}: {@code simulator.yaml,detector.yaml}.
     * No other file is loaded.
     */
    public String routeFiles(String prefix) {
        return Arrays.stream(Role.values()).filter(roles::contains).map(role -> prefix + role.routePrefix() + ".yaml")
                .collect(Collectors.joining(","));
    }

    /** The detector must index; any other role only reads, and only when given an Elasticsearch. */
    public boolean needsElasticsearch() {
        return runs(Role.DETECTOR);
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
