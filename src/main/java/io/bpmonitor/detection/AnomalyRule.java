package io.bpmonitor.detection;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;

/**
 * The anomaly rule of {@code routes/detector.yaml}: a Camel predicate over a {@link BloodPressureReading}, compiled
 * once when the file is loaded (csimple compiles it to Java byte code) and then tested on every reading of a poll.
 * Declared as a bean in the YAML file, so saving the file replaces it.
 */
public class AnomalyRule implements CamelContextAware {

    private CamelContext camelContext;
    private String language = "csimple";
    private String expression;
    private Predicate predicate;

    public void setLanguage(String language) {
        this.language = language;
    }

    public void setExpression(String expression) {
        this.expression = expression;
    }

    public String getExpression() {
        return expression;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Compiles the expression; called when the bean is created, so a rule that does not compile fails the load. */
    public void compile() {
        predicate = camelContext.resolveLanguage(language).createPredicate(expression);
        predicate.init(camelContext);
    }

    /**
     * A test for one thread (one poll): it reuses one exchange to carry each reading to the predicate, so a reading
     * costs a method call, not an exchange.
     */
    public java.util.function.Predicate<BloodPressureReading> newMatcher() {
        Exchange scratch = new DefaultExchange(camelContext);
        return reading -> {
            scratch.getMessage().setBody(reading);
            return predicate.matches(scratch);
        };
    }
}
