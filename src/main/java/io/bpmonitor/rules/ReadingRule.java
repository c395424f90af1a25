package io.bpmonitor.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.fhir.BloodPressureReading;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rule over one {@link BloodPressureReading}, declared as a bean in {@code routes/detector.yaml}: a csimple predicate
 * compiled once per load, with {@code systolic} and {@code diastolic} as variables (see docs/architecture.md). The last
 * version that compiled stays in force under its {@code name}, so a broken edit leaves the rule as it was.
 */
public class ReadingRule implements CamelContextAware {

    /** A setting named in the rule, as simple and csimple write a property: {@code ${properties:bp.topic}}. */
    private static final Pattern SETTING = Pattern.compile("\\$\\{properties:(bp\\.[a-z0-9.\\-]+)}");

    private static final Logger LOG = LoggerFactory.getLogger(ReadingRule.class);
    /** Where the rule is declared, named in the log line when a saved rule does not compile. */
    private static final String SOURCE = "routes/detector.yaml";

    private CamelContext camelContext;
    private String name = "anomalyRule";
    private String language = "csimple";
    private String expression;
    private Predicate predicate;

    /** The bean's name in the YAML file, e.g. {@code crisisRule}; {@code anomalyRule} when not given. */
    public void setName(String name) {
        this.name = name;
    }

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

    /**
     * The rule to test readings with: the last that compiled. Bound apart from the YAML bean, so a reload, which
     * unbinds that bean for a moment, never leaves a poll without a rule.
     */
    public static ReadingRule inForce(CamelContext context) {
        return inForce(context, "anomalyRule");
    }

    /** The rule of that name in force: the last that compiled. */
    public static ReadingRule inForce(CamelContext context, String name) {
        ReadingRule rule = context.getRegistry().lookupByNameAndType(inForceKey(name), ReadingRule.class);
        if (rule == null) {
            throw new IllegalStateException("no rule " + name + ": routes/detector.yaml declares the bean " + name);
        }
        return rule;
    }

    /** The last rule that compiled, kept apart from the YAML bean, which a reload replaces. */
    private static String inForceKey(String name) {
        return "bp" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "InForce";
    }

    /**
     * Compiles the expression; called when the bean is created. The settings it names
     * ({@code ${properties:bp.systolic-threshold}}) are put in as numbers first, so testing a reading looks nothing up.
     * A rule that does not compile fails the start-up; saved while running, it leaves the rule in force as it was.
     */
    public void compile() {
        ReadingRule inForce = camelContext.getRegistry().lookupByNameAndType(inForceKey(name), ReadingRule.class);
        try {
            Settings settings = Settings.of(camelContext);
            Matcher setting = SETTING.matcher(expression);
            String resolved = setting.replaceAll(match -> Matcher.quoteReplacement(settings.text(declared(match.group(1)))));
            predicate = camelContext.resolveLanguage(language).createPredicate(resolved);
            predicate.init(camelContext);
        } catch (RuntimeException e) {
            if (inForce == null) {
                throw e;
            }
            LOG.error("{}: the {} does not compile ({}); the rule in force stays: {}", SOURCE,
                    name.replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT), e.getClass().getSimpleName(),
                    inForce.expression);
            expression = inForce.expression;
            predicate = inForce.predicate;
            return;
        }
        camelContext.getRegistry().bind(inForceKey(name), this);
    }

    private static Setting declared(String property) {
        Setting setting = Setting.forProperty(property);
        if (setting == null) {
            throw new IllegalArgumentException("a rule names " + property + ", which is no bp-monitor setting");
        }
        return setting;
    }

    /**
     * A test for one thread (one poll): it reuses one exchange to carry each reading to the predicate, so a reading
     * costs a method call, not an exchange.
     */
    public java.util.function.Predicate<BloodPressureReading> newMatcher() {
        Exchange scratch = new DefaultExchange(camelContext);
        return reading -> {
            scratch.getMessage().setBody(reading);
            scratch.setVariable("systolic", reading.systolic());
            scratch.setVariable("diastolic", reading.diastolic());
            return predicate.matches(scratch);
        };
    }
}
