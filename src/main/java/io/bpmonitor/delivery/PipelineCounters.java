package io.bpmonitor.delivery;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Body;

/** Running totals of the pipeline, shared by the routes, the progress line and the metrics endpoint. */
public class PipelineCounters {

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
