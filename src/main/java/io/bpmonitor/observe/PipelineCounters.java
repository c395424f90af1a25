package io.bpmonitor.observe;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Body;

/** Running totals of the pipeline, shared by the routes, the progress line and the metrics endpoint. */
public class PipelineCounters {

    // what each total means, said once for the metrics endpoint and JMX (annotations need constants)
    public static final String PRODUCED = "Readings the simulator published to Kafka";
    public static final String CONSUMED = "Readings the detector consumed and committed";
    public static final String INDEXED = "Anomalies Elasticsearch indexed";
    public static final String DEAD_LETTERED = "Records sent to the dead-letter topic";

    private final LongAdder produced = new LongAdder();
    private final LongAdder consumed = new LongAdder();
    private final LongAdder indexed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    /** After the simulator's batch is acknowledged by Kafka. */
    public void readingsProduced(@Body List<?> batch) {
        produced.add(batch.size());
    }

    public void batchCompleted(int records, int anomaliesIndexed, int deadLetters) {
        consumed.add(records);
        indexed.add(anomaliesIndexed);
        deadLettered.add(deadLetters);
    }

    public long produced() {
        return produced.sum();
    }

    public long consumed() {
        return consumed.sum();
    }

    public long indexed() {
        return indexed.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }
}
