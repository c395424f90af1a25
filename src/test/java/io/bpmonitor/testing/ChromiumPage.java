package io.bpmonitor.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One page of headless Chromium driven over the DevTools protocol, as a person would use it: navigate, type into a
 * form, click, wait until the page shows something, read its DOM. Each page has a fresh profile (its own cookies) and
 * resolves no host but the loopback one.
 */
public final class ChromiumPage implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private ChromiumPage(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** @param windowSize {@code width,height} */
    static ChromiumPage open(Path binary, String windowSize) throws Exception {
        Path profile = Files.createTempDirectory("bp-board-chromium-");
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--window-size=" + windowSize,
                "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // Chromium writes the port it chose, then the browser's path, into the profile
            Path activePort = profile.resolve("DevToolsActivePort");
            Poll.until(Duration.ofSeconds(30), () -> Files.exists(activePort)
                    && Files.readAllLines(activePort).size() >= 2, "Chromium's DevTools port");
            int port = Integer.parseInt(Files.readAllLines(activePort).get(0).strip());
            HttpResponse<String> targets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
            String pageSocket = null;
            for (JsonNode target : JSON.readTree(targets.body())) {
                if ("page".equals(target.path("type").asText())) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                throw new AssertionError("Chromium opened no page: " + targets.body());
            }
            Listener listener = new Listener();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(pageSocket), listener).get(30, TimeUnit.SECONDS);
            ChromiumPage page = new ChromiumPage(process, profile, socket);
            listener.page = page;
            page.send("Page.enable", JSON.createObjectNode());
            page.send("Runtime.enable", JSON.createObjectNode());
            return page;
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Goes to the URL and waits until the page (and any page it is sent on to) has loaded. */
    public void navigate(String url) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        JsonNode result = send("Page.navigate", params);
        if (result.hasNonNull("errorText")) {
            throw new AssertionError("Chromium could not open " + url + ": " + result.path("errorText").asText());
        }
        awaitLoaded();
    }

    /** Waits until the document in the page is complete (after a form's submission, say). */
    public void awaitLoaded() {
        await("document.readyState === 'complete' && location.href !== 'about:blank'", "the page loaded",
                Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression in the page (a promise awaited); null for undefined. */
    public JsonNode evaluate(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = send("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("The page threw on " + expression + ": "
                    + result.path("exceptionDetails").path("exception").path("description").asText(
                    result.path("exceptionDetails").path("text").asText()));
        }
        return result.path("result").get("value");
    }

    /** Waits until a JavaScript condition holds in the page, whatever page it is then on. */
    public void await(String condition, String what, Duration timeout) {
        Poll.until(timeout, () -> {
            try {
                JsonNode value = evaluate("Boolean(" + condition + ")");
                return value != null && value.asBoolean();
            } catch (AssertionError navigating) {
                return false; // the page was between two documents
            }
        }, what);
    }

    /** The page's DOM as it is now, serialised. */
    public String dom() throws Exception {
        return evaluate("document.documentElement.outerHTML").asText();
    }

    /** A PNG of the page as it is now, for a person to look at. */
    public void screenshot(Path png) throws Exception {
        JsonNode result = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.write(png, Base64.getDecoder().decode(result.path("data").asText()));
    }

    /** Signs in on the board's sign-in page as a person does: types the name and password, presses the button. */
    public void signIn(String board, String name, String password) throws Exception {
        navigate(board + "/signin");
        evaluate("document.getElementById('name').value = " + JSON.writeValueAsString(name) + ";"
                + "document.getElementById('password').value = " + JSON.writeValueAsString(password) + ";"
                + "document.getElementById('signin').click(); true");
        await("location.pathname !== '/signin' && document.readyState === 'complete'", "signed in as " + name,
                Duration.ofSeconds(30));
    }

    private JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        socket.sendText(JSON.writeValueAsString(command), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode message = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (message.has("error")) {
            throw new AssertionError(method + " failed: " + message.path("error"));
        }
        return message.path("result");
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroyForcibly();
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        HeadlessChromium.deleteQuietly(profile);
    }

    /** Joins the socket's text frames into messages for the page. */
    private static final class Listener implements WebSocket.Listener {
        private final List<CharSequence> parts = new ArrayList<>();
        private volatile ChromiumPage page;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.add(data);
            if (last) {
                String text = String.join("", parts);
                parts.clear();
                if (page != null) {
                    page.received(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
