package io.bpmonitor.observe;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** A console line every few seconds: readings produced, consumed, anomalies indexed, dead-lettered, and the rates. */
public class ProgressRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:progress?period={{bp.progress-interval-ms}}&delay={{bp.progress-interval-ms}}")
                .routeId("progress")
                .bean("progressReport", "line")
                .log(LoggingLevel.INFO, "io.bpmonitor.progress", "${body}");
    }
}
