package io.bpmonitor.app;

import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.bpmonitor.config.Role;
import io.bpmonitor.config.Roles;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Docs that name routes say what the app runs. Every list of route ids in {@code docs/*.md} and {@code README.md} is
 * marked by an HTML comment on the line before it, which says what it describes:
 * <ul>
 * <li>{@code <!-- route list: BP_ROUTES=simulator,detector -->}: the paragraph or bullet list that follows names every
 * route of an instance with these settings (environment variables, space-separated), and only those; every code span
 * in it is a route id;</li>
 * <li>{@code <!-- route list: each row's routes run where its "runs when" holds -->}: the table that follows has a
 * {@code route} or {@code routes} column (code spans: route ids) and a {@code runs when} column saying where they run:
 * {@code always}, {@code an Elasticsearch is known}, {@code role X}, or {@code role X and SETTING set} (code spans and
 * text in parentheses are read as plain words). For each instance of {@link #CONFIGURATIONS}, the routes of the rows
 * whose condition holds are exactly the instance's routes.</li>
 * </ul>
 * Each instance is the application as it starts: camel-main with {@code application.properties} (its configuration
 * classes, the route files of the roles, the Java route builders, the route filter), the routes created from their
 * definitions; with addresses where nothing listens for what the roles need, as the local run fills them in, and
 * without {@link StartupChecks} (it connects to Kafka and Elasticsearch; its check of the settings runs here) and
 * without starting the routes, so no broker is needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsRouteListsTest {

    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*route list:\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z][A-Z0-9_]*)=(\\S+)");
    private static final Pattern ROLE_CONDITION = Pattern.compile("role (\\w+)(?: and (\\w+) set)?");
    /** A list elsewhere that names this many routes (role names aside) without a marker is unchecked. */
    private static final int UNMARKED_LIST_SIZE = 2;

    /** Nothing listens there: the instances are never started, and would reach nothing if they were. */
    private static final String NOWHERE = "127.0.0.1:9";

    /**
     * The instances the tables are checked against: every role alone, the board with and without an Elasticsearch,
     * the alert engine with each output and without it, the detector without the engine, all roles together.
     */
    private static final List<Map<String, String>> CONFIGURATIONS = List.of(
            Map.of("BP_ROUTES", "simulator"),
            Map.of("BP_ROUTES", "simulator", "ELASTICSEARCH_URL", "http://" + NOWHERE,
                    "BP_ALERT_WEBHOOK_URL", "http://" + NOWHERE + "/alerts"),
            Map.of("BP_ROUTES", "detector"),
            Map.of("BP_ROUTES", "detector", "BP_ALERTS_ENABLED", "false"),
            Map.of("BP_ROUTES", "alerts"),
            Map.of("BP_ROUTES", "alerts", "BP_ALERT_WEBHOOK_URL", "http://" + NOWHERE + "/alerts"),
            Map.of("BP_ROUTES", "alerts", "BP_ALERT_FHIR_URL", "http://" + NOWHERE + "/fhir"),
            Map.of("BP_ROUTES", "ingest"),
            Map.of("BP_ROUTES", "feed", "ELASTICSEARCH_URL", "http://" + NOWHERE),
            Map.of("BP_ROUTES", "replay"),
            Map.of("BP_ROUTES", "hl7"),
            Map.of("BP_ROUTES", "simulator,detector,ingest,feed,hl7", "BP_ALERT_WEBHOOK_URL",
                    "http://" + NOWHERE + "/alerts", "BP_ALERT_FHIR_URL", "http://" + NOWHERE + "/fhir"));

    private final Map<Map<String, String>, Instance> instances = new HashMap<>();

    /** What a doc says: its rows, each with where it runs (none for an instance's list). */
    record RouteList(String where, Map<String, String> instance, List<Row> rows) {

        Set<String> routesWhere(Instance running) {
            return rows.stream().filter(row -> row.runsIn(running)).flatMap(row -> row.routes().stream())
                    .collect(toCollection(TreeSet::new));
        }
    }

    record Row(String where, String condition, Predicate<Instance> runsIn, Set<String> routes) {

        boolean runsIn(Instance running) {
            return runsIn.test(running);
        }
    }

    /** The route ids of the application configured with {@code settings}, and what it made of them. */
    record Instance(String name, Set<String> routeIds, Roles roles, Set<Setting> set) {

        @Override
        public String toString() {
            return name;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRouteListNamesTheRoutesTheAppRunsAndNoOther() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (RouteList list : routeLists()) {
            for (Map<String, String> settings : list.instance() == null ? configurations() : List.of(list.instance())) {
                tests.add(DynamicTest.dynamicTest(list.where() + " with " + name(settings), () -> {
                    Instance running = instance(settings);
                    Set<String> documented = list.routesWhere(running);
                    assertThat(documented)
                            .as("%s, for %s: named but not run %s, run but not named %s", list.where(), running,
                                    difference(documented, running.routeIds()),
                                    difference(running.routeIds(), documented))
                            .isEqualTo(running.routeIds());
                }));
            }
        }
        assertThat(tests).as("route lists in the docs").isNotEmpty();
        return tests.stream();
    }

    /** A row whose condition holds in no instance would be checked against nothing. */
    @Test
    void everyTableRowRunsInOneOfTheCheckedInstancesAtLeast() throws Exception {
        List<Instance> checked = new ArrayList<>();
        for (Map<String, String> settings : configurations()) {
            checked.add(instance(settings));
        }
        List<String> unchecked = new ArrayList<>();
        for (RouteList list : routeLists()) {
            if (list.instance() != null) {
                continue;
            }
            for (Row row : list.rows()) {
                if (checked.stream().noneMatch(row::runsIn)) {
                    unchecked.add(row.where() + " (" + row.condition() + ")");
                }
            }
        }
        assertThat(unchecked).as("rows whose condition no instance of CONFIGURATIONS meets: add one").isEmpty();
    }

    @Test
    void everyListOfRoutesInTheDocsIsMarked() throws Exception {
        Set<String> routeIds = new TreeSet<>();
        for (Map<String, String> settings : configurations()) {
            routeIds.addAll(instance(settings).routeIds());
        }
        // simulator, detector, replay: roles as much as routes; a list of roles is not a list of routes
        Arrays.stream(Role.values()).map(Role::routePrefix).forEach(routeIds::remove);
        List<String> unmarked = new ArrayList<>();
        for (Path file : docs()) {
            List<String> lines = Files.readAllLines(file);
            Set<Integer> marked = markedLines(lines);
            List<Integer> block = new ArrayList<>();
            for (int i = 0; i <= lines.size(); i++) {
                if (i < lines.size() && !lines.get(i).isBlank()) {
                    block.add(i);
                    continue;
                }
                Set<String> named = new TreeSet<>();
                block.stream().filter(line -> !marked.contains(line))
                        .forEach(line -> named.addAll(codeSpans(lines.get(line))));
                named.retainAll(routeIds);
                if (named.size() >= UNMARKED_LIST_SIZE) {
                    unmarked.add(file + ":" + (block.get(0) + 1) + " " + named);
                }
                block.clear();
            }
        }
        assertThat(unmarked).as("lists of routes without a <!-- route list: ... --> marker before them").isEmpty();
    }

    // ---- the docs

    private static List<Path> docs() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            pages.filter(page -> page.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        files.add(Path.of("README.md"));
        return files;
    }

    private static List<RouteList> routeLists() throws IOException {
        List<RouteList> lists = new ArrayList<>();
        for (Path file : docs()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher marker = MARKER.matcher(lines.get(i));
                if (marker.matches()) {
                    lists.add(routeList(file, lines, i, marker.group(1)));
                }
            }
        }
        return lists;
    }

    /** The marker's line and the block after it, up to the next blank line. */
    private static Set<Integer> markedLines(List<String> lines) {
        Set<Integer> marked = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (MARKER.matcher(lines.get(i)).matches()) {
                marked.add(i);
                marked.addAll(block(lines, i));
            }
        }
        return marked;
    }

    private static List<Integer> block(List<String> lines, int marker) {
        int start = marker + 1;
        while (start < lines.size() && lines.get(start).isBlank()) {
            start++;
        }
        List<Integer> block = new ArrayList<>();
        for (int i = start; i < lines.size() && !lines.get(i).isBlank(); i++) {
            block.add(i);
        }
        return block;
    }

    private static RouteList routeList(Path file, List<String> lines, int marker, String says) {
        String where = file + ":" + (marker + 1);
        List<Integer> block = block(lines, marker);
        assertThat(block).as("%s: a route list marker with no list after it", where).isNotEmpty();
        if (says.startsWith("each row")) {
            return new RouteList(where, null, table(file, lines, block, where));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher assignment = ASSIGNMENT.matcher(says);
        while (assignment.find()) {
            settings.put(Setting.valueOf(assignment.group(1)).name(), assignment.group(2));
        }
        assertThat(settings).as("%s: the marker says which roles (BP_ROUTES=...) the list is of", where)
                .containsKey(Setting.BP_ROUTES.name());
        Set<String> routes = new LinkedHashSet<>();
        block.forEach(line -> routes.addAll(codeSpans(lines.get(line))));
        return new RouteList(where, settings, List.of(new Row(where, "", running -> true, routes)));
    }

    private static List<Row> table(Path file, List<String> lines, List<Integer> block, String where) {
        List<String> header = cells(lines.get(block.get(0)));
        int routes = header.indexOf("routes") >= 0 ? header.indexOf("routes") : header.indexOf("route");
        int condition = header.indexOf("runs when");
        assertThat(routes).as("%s: the table's route or routes column", where).isNotNegative();
        assertThat(condition).as("%s: the table's runs when column", where).isNotNegative();
        List<Row> rows = new ArrayList<>();
        for (int line : block.subList(2, block.size())) {
            List<String> cells = cells(lines.get(line));
            String rowWhere = file + ":" + (line + 1);
            rows.add(new Row(rowWhere, cells.get(condition), condition(rowWhere, cells.get(condition)),
                    new LinkedHashSet<>(codeSpans(cells.get(routes)))));
        }
        return rows;
    }

    private static List<String> cells(String row) {
        String inner = row.trim().replaceFirst("^\\|", "").replaceFirst("\\|$", "");
        return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
    }

    private static Predicate<Instance> condition(String where, String cell) {
        String text = cell.replace("`", "").replaceAll("\\([^()]*\\)", "").replaceAll("\\s+", " ").trim();
        if (text.equals("always")) {
            return running -> true;
        }
        if (text.equals("an Elasticsearch is known")) {
            return running -> running.roles().servesBoard();
        }
        Matcher role = ROLE_CONDITION.matcher(text);
        assertThat(role.matches()).as("%s: runs when '%s': always, an Elasticsearch is known, role X, or role X and "
                + "SETTING set", where, text).isTrue();
        Role named = Role.valueOf(role.group(1).toUpperCase(Locale.ROOT));
        Setting setting = role.group(2) == null ? null : Setting.valueOf(role.group(2));
        return running -> running.roles().runs(named) && (setting == null || running.set().contains(setting));
    }

    private static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        Matcher code = CODE.matcher(text);
        while (code.find()) {
            spans.add(code.group(1));
        }
        return spans;
    }

    // ---- the app

    /** The checked instances: {@link #CONFIGURATIONS}, and those the docs' own lists are of. */
    private static List<Map<String, String>> configurations() throws IOException {
        Set<Map<String, String>> all = new LinkedHashSet<>(CONFIGURATIONS);
        routeLists().stream().map(RouteList::instance).filter(instance -> instance != null).forEach(all::add);
        return List.copyOf(all);
    }

    private Instance instance(Map<String, String> settings) throws Exception {
        Instance running = instances.get(settings);
        if (running == null) {
            running = start(settings);
            instances.put(settings, running);
        }
        return running;
    }

    /** camel-main as the app runs it, up to the routes created from their definitions; nothing started. */
    private static Instance start(Map<String, String> settings) throws Exception {
        Main main = new Main();
        settings.forEach((name, value) -> main.addOverrideProperty(Setting.valueOf(name).property(), value));
        main.addOverrideProperty("camel.main.configuration-classes", configurationClassesButStartupChecks());
        main.addMainListener(new NowhereStack());
        try {
            main.init();
            CamelContext context = main.getCamelContext();
            Settings appSettings = Settings.of(context);
            appSettings.validate();
            // creates every route from its definition, as a start does before it starts them
            context.init();
            Set<String> routeIds = ((ModelCamelContext) context).getRouteDefinitions().stream()
                    .map(RouteDefinition::getRouteId).collect(toCollection(TreeSet::new));
            for (String id : routeIds) {
                assertThat(context.getRouteController().getRouteStatus(id)).as("route %s created", id).isNotNull();
            }
            Set<Setting> set = EnumSet.noneOf(Setting.class);
            for (Setting setting : Setting.values()) {
                if (appSettings.optional(setting).isPresent()) {
                    set.add(setting);
                }
            }
            return new Instance(name(settings), routeIds, appSettings.roles(), set);
        } finally {
            main.stop();
        }
    }

    /** {@code camel.main.configuration-classes} of application.properties, {@link StartupChecks} left out. */
    private static String configurationClassesButStartupChecks() throws IOException {
        Properties application = new Properties();
        try (InputStream in = DocsRouteListsTest.class.getResourceAsStream("/application.properties")) {
            application.load(in);
        }
        List<String> classes = Arrays.stream(application.getProperty("camel.main.configuration-classes").split(","))
                .map(String::trim).collect(toCollection(ArrayList::new));
        assertThat(classes.remove(StartupChecks.class.getName())).as("StartupChecks configured").isTrue();
        return String.join(",", classes);
    }

    /**
     * What the roles need and the local run fills in (Kafka, Elasticsearch where the roles index, the feed's FHIR
     * server) or an operator must give (the endpoint's tokens), each where nothing listens.
     */
    private static final class NowhereStack extends MainListenerSupport {

        @Override
        public void beforeConfigure(BaseMainSupport main) {
            PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
            Settings settings = Settings.of(main.getCamelContext());
            Roles roles = settings.roles();
            Map<Setting, String> needed = new LinkedHashMap<>();
            needed.put(Setting.KAFKA_BROKERS, NOWHERE);
            if (roles.needsElasticsearch()) {
                needed.put(Setting.ELASTICSEARCH_URL, "http://" + NOWHERE);
            }
            if (roles.runs(Role.FEED)) {
                needed.put(Setting.BP_FHIR_FEED_URL, "http://" + NOWHERE + "/fhir");
            }
            if (roles.runs(Role.INGEST)) {
                needed.put(Setting.BP_INGEST_TOKENS, "docs-route-lists-test-token-0123456789");
            }
            needed.forEach((setting, value) -> {
                if (settings.optional(setting).isEmpty()) {
                    properties.addOverrideProperty(setting.property(), value);
                }
            });
        }
    }

    private static String name(Map<String, String> settings) {
        return settings.entrySet().stream().sorted(Map.Entry.comparingByKey(
                        (a, b) -> a.equals("BP_ROUTES") ? -1 : b.equals("BP_ROUTES") ? 1 : a.compareTo(b)))
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(joining(" "));
    }

    private static Set<String> difference(Set<String> from, Set<String> less) {
        Set<String> difference = new TreeSet<>(from);
        difference.removeAll(less);
        return difference;
    }
}
