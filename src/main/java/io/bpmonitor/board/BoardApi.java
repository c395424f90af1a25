package io.bpmonitor.board;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board's JSON: {@code GET /api/summary} (a {@link BoardSummary}), {@code GET /api/alerts} ({@link #openAlerts})
 * and {@code GET /api/patients/{id}} ({@link #patient}); statuses and bodies in
 * docs/architecture.md#the-boards-json-api. Never a stack trace.
 */
public class BoardApi implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BoardApi.class);
    static final String JSON_TYPE = "application/json; charset=utf-8";

    /** What a read of the API is asked: its query string, and the patient of a patient's path. */
    record Request(String query, String patientId) {
    }

    private final Function<Request, Object> answer;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code /api/summary}: the window comes from the query string. */
    public BoardApi(SummaryService service) {
        this(request -> service.summary(queryParameter(request.query(), "window")));
    }

    private BoardApi(Function<Request, Object> answer) {
        this.answer = answer;
    }

    /** {@code /api/alerts}: takes no parameter. */
    public static BoardApi openAlerts(OpenAlertsService service) {
        return new BoardApi(request -> service.openAlerts());
    }

    /** {@code /api/patients/{patientId}}: one patient's last 30 days. */
    public static BoardApi patient(PatientView view) {
        return new BoardApi(request -> view.of(request.patientId()));
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Request request = new Request(message.getHeader(Exchange.HTTP_QUERY, String.class),
                message.getHeader("patientId", String.class));
        // only the query string and the path count: platform-http also maps request headers, which must not pick
        message.removeHeaders("*");
        int status;
        String body;
        try {
            body = json.writeValueAsString(answer.apply(request));
            status = 200;
        } catch (BoardRequestException e) {
            status = 400;
            body = error("bad_request", e.getMessage());
        } catch (BoardUnavailableException e) {
            status = 503;
            body = error("elasticsearch_unavailable", e.getMessage() + "; the board retries on its next refresh");
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warn("Board: could not build its answer: {}", e.toString());
            status = 500;
            body = error("internal_error", "The board could not build its answer; see the application log");
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, JSON_TYPE);
        message.setHeader("Cache-Control", "no-store");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The first value of {@code name} in a raw query string, or {@code null}. */
    static String queryParameter(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (name.equals(key)) {
                return equals < 0 ? "" : decode(pair.substring(equals + 1));
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BoardRequestException("Malformed query string: use window=" + BoardWindow.DEFAULT.code());
        }
    }

    private String error(String code, String text) throws JsonProcessingException {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", code);
        error.put("message", text);
        return json.writeValueAsString(error);
    }
}
