package io.bpmonitor.delivery;

import java.util.concurrent.atomic.LongAdder;

/** Running totals of the pipeline, shared by the routes, the progress line and the metrics endpoint. */
public class PipelineCounters {

    private final LongAdder produced = new LongAdder();
    private final LongAdder consumed = new LongAdder();
    private final LongAdder indexed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    public void readingProduced() {
        produced.increment();
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
