package io.bpmonitor.simulation;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * The bean behind the simulator route: at each tick, the Observations due ({@link ReadingSource}: patients measuring
 * at home, or a paced stream), as one batch of Kafka messages keyed by patient, so each patient's readings stay in
 * order on one partition.
 */
public class PatientSimulator {

    private final ReadingSource source;

    public PatientSimulator(ReadingSource source) {
        this.source = source;
    }

    public List<Message> nextTick(Exchange exchange) {
        List<SimulatedReading> due = source.due();
        List<Message> batch = new ArrayList<>(due.size());
        for (SimulatedReading reading : due) {
            Message message = new DefaultMessage(exchange.getContext());
            message.setHeader(KafkaConstants.KEY, reading.patientId());
            message.setBody(ObservationJson.bytes(reading));
            batch.add(message);
        }
        return batch;
    }
}
