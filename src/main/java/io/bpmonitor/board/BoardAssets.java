package io.bpmonitor.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The board's static files, read once from the classpath: the board's page, the patient view's page, their scripts and
 * style from {@code board/}, and
 * Apache ECharts from its WebJar. Only these names are served, so nothing else on the classpath is reachable. Nothing
 * comes from a CDN: the page works offline.
 */
public class BoardAssets implements Processor {

    /** Header that platform-http fills from {@code /assets/{file}}. */
    static final String FILE_HEADER = "file";
    /** Header that platform-http fills from {@code /patients/{patientId}}: the patient view's page. */
    static final String PATIENT_HEADER = "patientId";

    private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private record Asset(byte[] bytes, String contentType, String cacheControl) {
    }

    private final Asset page;
    private final Asset patientPage;
    private final Map<String, Asset> assets;

    public BoardAssets() {
        page = new Asset(load("board/index.html"), "text/html; charset=utf-8", "no-cache");
        patientPage = new Asset(load("board/patient.html"), "text/html; charset=utf-8", "no-cache");
        assets = Map.of(
                "board.js", new Asset(load("board/board.js"), "text/javascript; charset=utf-8", "no-cache"),
                "patient.js", new Asset(load("board/patient.js"), "text/javascript; charset=utf-8", "no-cache"),
                "board.css", new Asset(load("board/board.css"), "text/css; charset=utf-8", "no-cache"),
                "echarts.min.js", new Asset(load(echartsPath()), "text/javascript; charset=utf-8", "max-age=86400"));
    }

    /** {@code META-INF/resources/webjars/echarts/<version>/dist/echarts.min.js}, the version read from the WebJar. */
    static String echartsPath() {
        Properties pom = new Properties();
        try (InputStream in = resource(ECHARTS_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/dist/echarts.min.js";
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String file = message.getHeader(FILE_HEADER, String.class);
        boolean patient = message.getHeader(PATIENT_HEADER) != null;
        message.removeHeaders("*");
        Asset asset = patient ? patientPage : file == null ? page : assets.get(file);
        if (asset == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            message.setBody("Not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, asset.contentType());
        message.setHeader("Cache-Control", asset.cacheControl());
        message.setHeader("X-Content-Type-Options", "nosniff");
        if (asset == page || asset == patientPage) {
            message.setHeader("Content-Security-Policy", CSP);
            message.setHeader("Referrer-Policy", "no-referrer");
        }
        message.setBody(asset.bytes());
    }

    private static byte[] load(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path, e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = BoardAssets.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("Missing on the classpath: " + path);
        }
        return in;
    }
}
