package io.bpmonitor.board;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{board:enabled}}} in {@code application.properties}: {@code true} when this instance serves the board (see
 * {@link BoardSettings#enabled()}), so {@code camel.server.enabled} opens the HTTP port only where there is a board.
 * Found by Camel through {@code META-INF/services/org/apache/camel/properties-function/board}.
 */
public class BoardEnabledFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "board";
    }

    @Override
    public String apply(String remainder) {
        if (!"enabled".equals(remainder)) {
            throw new IllegalArgumentException("Unknown board property '" + remainder + "': only board:enabled exists");
        }
        return String.valueOf(new BoardSettings(camelContext.getPropertiesComponent()).enabled());
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
