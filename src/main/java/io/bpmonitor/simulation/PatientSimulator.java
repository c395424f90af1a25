package io.bpmonitor.simulation;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * The bean behind the simulator route: at each tick, the Observations due at the configured rate, as one batch of
 * Kafka messages keyed by patient, so each patient's readings stay in order on one partition.
 */
public class PatientSimulator {

    private final ReadingGenerator generator;
    private final SimulatorPacer pacer;

    public PatientSimulator(ReadingGenerator generator, SimulatorPacer pacer) {
        this.generator = generator;
        this.pacer = pacer;
    }

    public List<Message> nextTick(Exchange exchange) {
        int due = pacer.due();
        List<Message> batch = new ArrayList<>(due);
        for (int i = 0; i < due; i++) {
            SimulatedReading reading = generator.next();
            Message message = new DefaultMessage(exchange.getContext());
            message.setHeader(KafkaConstants.KEY, reading.patientId());
            message.setBody(ObservationJson.bytes(reading));
            batch.add(message);
        }
        return batch;
    }
}
