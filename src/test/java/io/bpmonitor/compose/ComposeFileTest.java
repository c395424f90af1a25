package io.bpmonitor.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Static checks of {@code docker-compose.yml}, plus {@code docker-compose config} when that binary is installed, and
 * runs of the {@code setup} script against a {@link StandInStack} (bash and curl, as in the Elasticsearch image).
 */
class ComposeFileTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path COMPOSE = BASE.resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = BASE.resolve(".env.example");

    /** The settings bp-monitor documents; the containers get nothing else. */
    private static final Set<String> APP_SETTINGS = Set.of(
            "KAFKA_BROKERS", "ELASTICSEARCH_URL", "ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD",
            "ELASTICSEARCH_API_KEY", "ELASTICSEARCH_CA_CERT", "BP_TOPIC", "BP_DLQ_TOPIC", "BP_GROUP_ID", "BP_INDEX",
            "BP_ROUTES", "BP_SYSTOLIC_THRESHOLD", "BP_DIASTOLIC_THRESHOLD", "BP_SIMULATOR_RATE",
            "BP_SIMULATOR_PATIENTS", "BP_MANAGEMENT_HOST", "BP_MANAGEMENT_PORT", "BP_BOARD_HOST", "BP_BOARD_PORT");
    private static final Set<String> LONG_RUNNING = Set.of("kafka", "elasticsearch", "kibana", "bp-monitor", "detector");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|API_KEY|ENCRYPTIONKEY).*");
    private static final String ELASTIC_PASSWORD = "elastic-test-password";
    private static final Pattern VAR_REF = Pattern.compile("\\$\\{([A-Z0-9_]+)(?:(:?[-?+])[^}]*)?}");

    private static String raw;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        raw = Files.readString(COMPOSE, StandardCharsets.UTF_8);
        compose = (Map<String, Object>) resolveMerges(new Load(LoadSettings.builder().build()).loadFromString(raw));
        services = new LinkedHashMap<>();
        ((Map<String, Object>) compose.get("services")).forEach((k, v) -> services.put(k, (Map<String, Object>) v));
    }

    @Test
    void theWholeStackIsThere() {
        assertThat(services).containsKeys("kafka", "elasticsearch", "setup", "kibana", "bp-monitor", "detector");
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:3.9.1");
        assertThat((String) services.get("elasticsearch").get("image"))
                .matches("docker\\.elastic\\.co/elasticsearch/elasticsearch:9\\.2\\.\\d+");
        assertThat((String) services.get("kibana").get("image")).matches("docker\\.elastic\\.co/kibana/kibana:9\\.2\\.\\d+");
        Map<String, Object> build = map(services.get("bp-monitor").get("build"));
        assertThat(build.get("dockerfile")).isEqualTo("Dockerfile");
        assertThat(BASE.resolve("Dockerfile")).exists();
        assertThat(env("elasticsearch")).containsEntry("xpack.security.enabled", "true");
        assertThat(env("kibana")).containsEntry("ELASTICSEARCH_USERNAME", "kibana_system");
    }

    @Test
    void longRunningServicesHaveHealthChecksMemoryLimitsAndNamedVolumes() {
        for (String name : LONG_RUNNING) {
            Map<String, Object> s = services.get(name);
            Map<String, Object> hc = map(s.get("healthcheck"));
            assertThat(hc).as("healthcheck of %s", name).containsKey("test");
            assertThat(hc.get("test").toString()).as("healthcheck of %s", name).isNotBlank();
            assertThat(hc).as("healthcheck of %s", name).containsKeys("interval", "timeout", "retries");
        }
        for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
            assertThat(e.getValue()).as("mem_limit of %s", e.getKey()).containsKey("mem_limit");
            assertThat(memoryMiB(e.getValue().get("mem_limit").toString())).as("mem_limit of %s", e.getKey()).isBetween(128L, 1600L);
        }
        Map<String, Object> declared = map(compose.get("volumes"));
        for (String name : List.of("kafka", "elasticsearch", "kibana")) {
            List<String> named = new ArrayList<>();
            for (Object v : list(services.get(name).get("volumes"))) {
                String source = v.toString().split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    named.add(source);
                }
            }
            assertThat(named).as("named volume of %s", name).isNotEmpty();
            assertThat(declared).as("volumes declared at top level").containsKeys(named.toArray(new String[0]));
        }
    }

    @Test
    void dependenciesWaitForHealthyServices() {
        assertThat(dependsOn("kibana")).containsEntry("elasticsearch", "service_healthy");
        assertThat(dependsOn("setup")).containsEntry("elasticsearch", "service_healthy");
        assertThat(dependsOn("bp-monitor")).containsEntry("kafka", "service_healthy").containsEntry("elasticsearch", "service_healthy");
        assertThat(dependsOn("detector")).containsEntry("kafka", "service_healthy").containsEntry("elasticsearch", "service_healthy");
        for (String name : services.keySet()) {
            dependsOn(name).forEach((target, condition) -> {
                assertThat(services).as("%s depends on a known service", name).containsKey(target);
                assertThat(condition).as("condition of %s -> %s", name, target)
                        .isIn("service_healthy", "service_completed_successfully", "service_started");
                if (condition.equals("service_healthy")) {
                    assertThat(services.get(target)).as("%s has a healthcheck", target).containsKey("healthcheck");
                }
            });
        }
    }

    @Test
    void portsArePublishedOnLoopbackOnly() {
        int published = 0;
        for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
            for (Object p : list(e.getValue().get("ports"))) {
                assertThat(p).as("port of %s in short syntax", e.getKey()).isInstanceOf(String.class);
                assertThat((String) p).as("port of %s", e.getKey()).matches("127\\.0\\.0\\.1:\\d+:\\d+(/tcp)?");
                published++;
            }
        }
        assertThat(published).isGreaterThanOrEqualTo(3);
        assertThat(services.get("detector")).as("scaled detectors publish no port").doesNotContainKey("ports");
    }

    @Test
    void noLiteralSecretsOnlyVariableReferences() throws IOException {
        for (String name : services.keySet()) {
            env(name).forEach((key, value) -> {
                if (SECRET_KEY.matcher(key).matches()) {
                    assertThat(value).as("%s of %s", key, name).matches("\\$\\{[A-Z0-9_]+(:?[?-][^}]*)?}");
                }
            });
        }
        String envExample = Files.readString(ENV_EXAMPLE, StandardCharsets.UTF_8);
        assertThat(envExample).contains("cp .env.example .env");
        for (String line : envExample.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String value = line.substring(line.indexOf('=') + 1).trim();
                assertThat(raw).as("the placeholder of %s does not leak into the compose file", line).doesNotContain(value);
            }
        }
        Matcher m = VAR_REF.matcher(raw);
        Set<String> required = new TreeSet<>();
        while (m.find()) {
            if (m.group(2) == null || m.group(2).contains("?")) {
                required.add(m.group(1));
            }
        }
        assertThat(required).isNotEmpty();
        for (String var : required) {
            assertThat(envExample).as(".env.example defines %s", var).containsPattern("(?m)^" + var + "=.+$");
        }
        assertThat(Files.readString(BASE.resolve(".gitignore"), StandardCharsets.UTF_8)).containsPattern("(?m)^/?\\.env$");
    }

    @Test
    void theAppGetsOnlyDocumentedSettings() {
        String kafkaInternal = env("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        Matcher internal = Pattern.compile("INTERNAL://(kafka:\\d+)").matcher(kafkaInternal);
        assertThat(internal.find()).as("internal listener for the other containers").isTrue();
        for (String name : List.of("bp-monitor", "detector")) {
            Map<String, String> env = env(name);
            assertThat(APP_SETTINGS).as("settings given to %s", name).containsAll(env.keySet());
            assertThat(env.get("KAFKA_BROKERS")).isEqualTo(internal.group(1));
            assertThat(env.get("ELASTICSEARCH_URL")).matches("https?://elasticsearch:9200");
            assertThat(env).containsKeys("ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD");
            assertThat(env).containsEntry("BP_MANAGEMENT_HOST", "0.0.0.0");
        }
        assertThat(env("bp-monitor")).containsEntry("BP_ROUTES", "simulator,detector").containsEntry("BP_BOARD_HOST", "0.0.0.0");
        assertThat(env("detector")).containsEntry("BP_ROUTES", "detector");
        assertThat(services.get("detector").get("image")).isEqualTo(services.get("bp-monitor").get("image"));
        boolean scalable = services.get("detector").containsKey("profiles")
                || map(services.get("detector").get("deploy")).containsKey("replicas");
        assertThat(scalable).as("detector can run as several replicas").isTrue();
    }

    @Test
    void setupSetsKibanaPasswordCreatesIndexAndImportsTheDashboard() {
        Map<String, Object> setup = services.get("setup");
        String script = setupScript();
        assertThat(script).contains("_security/user/kibana_system/_password", "bp_anomalies");
        Map<String, String> mounts = setupMounts();
        for (String file : List.of("src/main/resources/elasticsearch/bp_anomalies-index.json", "kibana/bp-monitor-dashboard.ndjson")) {
            assertThat(mounts).as("setup mounts %s", file).containsKey(file);
            assertThat(BASE.resolve(file)).exists();
        }
        assertThat(setup.get("restart")).isEqualTo("no");
        assertThat(setup.get("entrypoint")).isEqualTo(List.of("bash", "-c"));
    }

    /**
     * What Kibana's import API requires (src/core/packages/saved-objects/server-internal/src/routes/import.ts): a
     * multipart body whose field {@code file} is a file named {@code *.ndjson} (anything else is a 400), the
     * {@code kbn-xsrf} header every non-GET API call needs (the xsrf handler of
     * src/core/packages/http/server-internal/src/lifecycle_handlers.ts), and {@code overwrite=true} so a second
     * {@code up} replaces the objects instead of reporting conflicts.
     */
    @Test
    void setupImportCallHasWhatKibanasImportApiRequires() {
        String script = setupScript();
        Matcher dashboard = Pattern.compile("(?m)^DASHBOARD=(\\S+)$").matcher(script);
        assertThat(dashboard.find()).as("DASHBOARD= in the setup script").isTrue();
        assertThat(dashboard.group(1)).as("the imported file").endsWith(".ndjson")
                .isEqualTo(setupMounts().get("kibana/bp-monitor-dashboard.ndjson"));
        String importCall = script.substring(script.lastIndexOf("curl", script.indexOf("/api/saved_objects/_import")));
        assertThat(importCall).contains("-H 'kbn-xsrf: true'", "-F \"file=@$DASHBOARD\"",
                "\"$KB/api/saved_objects/_import?overwrite=true\"");
        assertThat(script.indexOf("$KB/api/status")).as("waits on the status API before importing")
                .isPositive().isLessThan(script.indexOf("/api/saved_objects/_import"));
    }

    @Test
    void setupScriptLeavesEveryDollarToTheShell() {
        // compose interpolates a lone $ itself: the script must write $$ for the shell to see $
        assertThat(setupCommand().replace("$$", "")).as("setup script without its $$").doesNotContain("$");
    }

    @Test
    void setupImportsTheDashboardOnceKibanaReportsAvailable(@TempDir Path work) throws Exception {
        try (StandInStack stack = new StandInStack("available", 200, "{\"successCount\":12,\"success\":true,\"warnings\":[]}")) {
            ScriptRun run = runSetup(stack, work, Map.of());
            assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
            assertThat(run.output()).contains("setup: dashboard imported (12 saved objects)");
            List<String> calls = stack.requests().stream().map(r -> r.method() + " " + r.path()).toList();
            assertThat(calls).containsSubsequence("GET /api/status", "POST /api/saved_objects/_import");
            assertThat(stack.imports()).singleElement().satisfies(request -> {
                assertThat(request.query()).isEqualTo("overwrite=true");
                assertThat(request.xsrf()).isNotBlank();
                assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                        .encodeToString(("elastic:" + ELASTIC_PASSWORD).getBytes(StandardCharsets.UTF_8)));
                assertThat(request.contentType()).startsWith("multipart/form-data");
                assertThat(request.body())
                        .contains("Content-Disposition: form-data; name=\"file\"; filename=\"bp-monitor-dashboard.ndjson\"")
                        .contains(Files.readString(BASE.resolve("kibana/bp-monitor-dashboard.ndjson"), StandardCharsets.UTF_8));
            });
        }
    }

    @Test
    void setupPrintsEveryErrorKibanaGivesInFullAndExits1(@TempDir Path work) throws Exception {
        // braces, brackets, commas and escaped quotes inside strings must not cut an error in two
        String tooNew = "{\"id\":\"bp-monitor-trend\",\"type\":\"lens\",\"meta\":{\"title\":\"Systolic, diastolic [mmHg] {x}\"},"
                + "\"error\":{\"type\":\"unknown\",\"message\":\"Document \\\"bp-monitor-trend\\\" belongs to a more recent "
                + "version of Kibana [8.10.0] when the last known version is [8.9.0].\",\"statusCode\":400}}";
        String missing = "{\"id\":\"bp-monitor-clinical-supervision\",\"type\":\"dashboard\",\"meta\":{\"title\":\"BP\"},"
                + "\"error\":{\"type\":\"missing_references\",\"references\":[{\"type\":\"lens\",\"id\":\"gone\"}]}}";
        String answer = "{\"successCount\":9,\"success\":false,\"warnings\":[],\"errors\":[" + tooNew + "," + missing + "]}";
        try (StandInStack stack = new StandInStack("available", 200, answer)) {
            ScriptRun run = runSetup(stack, work, Map.of());
            assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(1);
            assertThat(run.output().lines()).contains("setup:   " + tooNew, "setup:   " + missing);
            assertThat(stack.imports()).as("imported once, not retried").hasSize(1);
        }
    }

    @Test
    void setupGivesUpWithoutImportingWhenKibanaIsNeverAvailable(@TempDir Path work) throws Exception {
        try (StandInStack stack = new StandInStack("degraded", 200, "{\"success\":true}")) {
            // no time to wait: the first answer that is not "available" ends the wait
            ScriptRun run = runSetup(stack, work, Map.of("KIBANA_WAIT_SECONDS=600", "KIBANA_WAIT_SECONDS=0"));
            assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(1);
            assertThat(run.output().lines()).contains("setup: Kibana status: degraded",
                    "setup: Kibana did not report available within 0 s (last: degraded); dashboard not imported");
            assertThat(stack.imports()).isEmpty();
        }
    }

    @Test
    void setupPrintsKibanasWholeAnswerWhenTheRequestItselfIsRefused(@TempDir Path work) throws Exception {
        String refused = "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"Invalid file extension .json\"}";
        try (StandInStack stack = new StandInStack("available", 400, refused)) {
            ScriptRun run = runSetup(stack, work, Map.of());
            assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(1);
            assertThat(run.output().lines()).contains("setup: Kibana refused the dashboard (HTTP 400); its errors:",
                    "setup:   " + refused);
        }
    }

    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        File binary = onPath("docker-compose");
        Assumptions.assumeTrue(binary != null,
                "docker-compose (v1, Debian package docker-compose) is not on PATH: skipping the compose parser check");
        Process p = new ProcessBuilder(binary.getPath(), "-f", COMPOSE.toString(), "--env-file", ENV_EXAMPLE.toString(),
                "config", "-q")
                .directory(BASE.toFile())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("docker-compose config finished").isTrue();
        assertThat(p.exitValue()).as("docker-compose config -q output:%n%s", out).isZero();
    }

    // ---- helpers ----

    private record ScriptRun(int exitCode, String output) {
    }

    /** The setup script as written in the compose file. */
    private static String setupCommand() {
        return String.join("\n", list(services.get("setup").get("command")).stream().map(Object::toString).toList());
    }

    /** The setup script as bash receives it: compose turns every $$ into $. */
    private static String setupScript() {
        return setupCommand().replace("$$", "$");
    }

    /** The files setup mounts, as repository path to path in the container. */
    private static Map<String, String> setupMounts() {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object v : list(services.get("setup").get("volumes"))) {
            String[] parts = v.toString().split(":");
            mounts.put(parts[0].replaceFirst("^\\./", ""), parts[1]);
        }
        return mounts;
    }

    /**
     * Runs the setup script with bash against the stand-in, the mounted files copied under {@code work}, and a PATH
     * that holds only curl and sleep: what the Elasticsearch image offers besides bash's builtins. {@code edits}
     * replaces text of the script (each must be found).
     */
    private static ScriptRun runSetup(StandInStack stack, Path work, Map<String, String> edits) throws Exception {
        File bash = onPath("bash");
        Assumptions.assumeTrue(bash != null && onPath("curl") != null, "bash and curl are needed to run the setup script");
        String script = setupScript()
                .replace("http://elasticsearch:9200", stack.url())
                .replace("http://kibana:5601", stack.url());
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            assertThat(script).as("setup script").contains(edit.getKey());
            script = script.replace(edit.getKey(), edit.getValue());
        }
        for (Map.Entry<String, String> mount : setupMounts().entrySet()) {
            Path copy = work.resolve(mount.getValue().substring(1));
            Files.createDirectories(copy.getParent());
            Files.copy(BASE.resolve(mount.getKey()), copy);
            script = script.replace(mount.getValue(), copy.toString());
        }
        Path bin = Files.createDirectories(work.resolve("bin"));
        for (String tool : List.of("curl", "sleep")) {
            Files.createSymbolicLink(bin.resolve(tool), onPath(tool).toPath());
        }
        Path log = work.resolve("setup.log");
        ProcessBuilder builder = new ProcessBuilder(bash.getPath(), "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", bin.toString(), "ELASTIC_PASSWORD", ELASTIC_PASSWORD,
                "KIBANA_SYSTEM_PASSWORD", "kibana-system-test-password"));
        Process process = builder.start();
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("setup script finished; output:%n%s", output).isTrue();
        return new ScriptRun(process.exitValue(), output);
    }

    private static Map<String, String> env(String service) {
        Object e = services.get(service).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(k.toString(), v == null ? null : v.toString()));
        } else {
            for (Object item : list(e)) {
                String s = item.toString();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return env;
    }

    private static Map<String, String> dependsOn(String service) {
        Object d = services.get(service).get("depends_on");
        Map<String, String> deps = new LinkedHashMap<>();
        if (d instanceof Map<?, ?> m) {
            m.forEach((k, v) -> deps.put(k.toString(), String.valueOf(map(v).getOrDefault("condition", "service_started"))));
        } else {
            list(d).forEach(x -> deps.put(x.toString(), "service_started"));
        }
        return deps;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List ? (List<Object>) o : List.of();
    }

    /** YAML merge keys ({@code <<: *anchor}) as docker compose applies them; SnakeYAML Engine (YAML 1.2) leaves them as keys. */
    @SuppressWarnings("unchecked")
    private static Object resolveMerges(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            Object merge = m.get("<<");
            if (merge != null) {
                List<Object> sources = merge instanceof List ? (List<Object>) merge : List.of(merge);
                for (Object src : sources) {
                    ((Map<String, Object>) resolveMerges(src)).forEach(out::putIfAbsent);
                }
            }
            m.forEach((k, v) -> {
                if (!"<<".equals(k)) {
                    out.put(k.toString(), resolveMerges(v));
                }
            });
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(resolveMerges(x)));
            return out;
        }
        return node;
    }

    private static long memoryMiB(String limit) {
        Matcher m = Pattern.compile("(?i)(\\d+)\\s*([kmg]?)b?").matcher(limit.trim());
        assertThat(m.matches()).as("memory limit %s", limit).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "g" -> n * 1024;
            case "m" -> n;
            case "k" -> n / 1024;
            default -> n / (1024 * 1024);
        };
    }

    private static File onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.isFile() && f.canExecute()) {
                return f;
            }
        }
        return null;
    }
}
