package io.bpmonitor.alerts.outputs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bpmonitor.alerts.Alert;
import io.bpmonitor.alerts.AlertEvent;
import io.bpmonitor.alerts.AlertJson;
import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.kafka.ConsumedRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first and the last step of every alert output: {@link #accept} keeps the consumed record and reads the alert
 * (into exchange properties, so a retried request is built from them again, whatever the previous attempt left in the
 * message), and {@link #deadLetter} turns a refused one into the message for BP_ALERT_DLQ_TOPIC, in the detector's
 * dead-letter format. The outputs act on every event but {@code updated} (an open episode that grew, for the alert
 * index), which ends its exchange here, its offset committed like any other's.
 */
public class AlertIntake {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIntake.class);

    /** Exchange property: the consumed record ({@link ConsumedRecord}). */
    public static final String SOURCE = "bpAlertSource";
    /** Exchange property: the alert read from it ({@link Alert}). */
    public static final String ALERT = "bpAlert";
    /** Exchange property: the event the record is ({@link AlertEvent}), from its header; absent before events had one. */
    public static final String EVENT = "bpAlertEvent";

    private final Clock clock;

    public AlertIntake(Clock clock) {
        this.clock = clock;
    }

    public void accept(Exchange exchange) {
        Message message = exchange.getMessage();
        if (isUpdate(message.getHeader(AlertEvent.EVENT_HEADER))) {
            exchange.setRouteStop(true);
            return;
        }
        Map<String, Object> recordHeaders = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            // the record's own headers, not what camel-kafka adds about it
            if (!name.startsWith("kafka.") && !name.startsWith("Camel") && value instanceof byte[]) {
                recordHeaders.put(name, value);
            }
        });
        byte[] value = message.getBody(byte[].class);
        exchange.setProperty(SOURCE, new ConsumedRecord(
                message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, -1L, Long.class),
                message.getHeader(KafkaConstants.KEY, String.class),
                recordHeaders, value));
        AlertEvent.ofHeader(message.getHeader(AlertEvent.EVENT_HEADER))
                .ifPresent(event -> exchange.setProperty(EVENT, event));
        try {
            exchange.setProperty(ALERT, AlertJson.readAlert(value));
        } catch (AlertJson.UnreadableAlertException e) {
            // no output could ever take it: dead-lettered, not retried
            throw new AlertRefusedException(e.getMessage());
        }
    }

    private static boolean isUpdate(Object event) {
        String code = event instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : String.valueOf(event);
        return AlertEvent.UPDATED.code().equals(code);
    }

    public void deadLetter(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ConsumedRecord source = exchange.getProperty(SOURCE, ConsumedRecord.class);
        String reason = cause == null || cause.getMessage() == null ? "Refused" : cause.getMessage();
        String errorClass = cause == null ? AlertRefusedException.class.getName() : cause.getClass().getName();
        DeadLetterHeaders.write(new DeadLetter(source, reason, errorClass, clock.instant()), exchange.getMessage());
        LOG.warn("Alert record {}-{}@{} dead-lettered: {}", source.topic(), source.partition(), source.offset(), reason);
    }
}
