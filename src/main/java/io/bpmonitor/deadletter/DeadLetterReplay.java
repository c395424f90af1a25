package io.bpmonitor.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.bpmonitor.kafka.RecordPosition;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay role's steps (routes/replay.yaml): takes the {@link ReplayPlan}, starts the route, tells which dead letters
 * are put back ({@link ReplaySelection}), commits each one once it is settled, and ends the application with a summary
 * when the plan is done. The route has one consumer thread, which makes every call but {@link #start} and
 * {@link #finish}.
 */
public class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
    public static final String ROUTE_ID = "replay";

    private final String topic;
    private final ReplaySelection selection;
    private final Supplier<ReplayPlan> planner;
    private final Runnable stopApplication;
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile ReplayPlan plan;

    /**
     * @param topic           the dead-letter topic, for the log
     * @param planner         takes the plan from Kafka
     * @param stopApplication ends the process; called once, off the consumer's thread
     */
    public DeadLetterReplay(String topic, ReplaySelection selection, Supplier<ReplayPlan> planner,
                            Runnable stopApplication) {
        this.topic = topic;
        this.selection = selection;
        this.planner = planner;
        this.stopApplication = stopApplication;
    }

    /** Once the application has started: takes the plan and starts the route, or finishes at once when empty. */
    public void start(CamelContext context) throws Exception {
        start(context, planner.get());
    }

    void start(CamelContext context, ReplayPlan taken) throws Exception {
        plan = taken;
        if (plan.isEmpty()) {
            LOG.info("Replay of {}: nothing to replay for this group", topic);
            finish();
            return;
        }
        LOG.info("Replay of {} ({}): {}", topic, selection.describe(), plan);
        context.getRouteController().startRoute(ROUTE_ID);
    }

    /** Part of the plan and chosen by the selection: to be put back. */
    public boolean chooses(Message deadLetter) {
        return isPlanned(deadLetter) && selection.selects(text(deadLetter, DeadLetterHeaders.REASON),
                deadLetter.getHeader(KafkaConstants.OFFSET, Long.class), text(deadLetter, DeadLetterHeaders.FAILED_AT));
    }

    /** Was there when the replay started; a later dead letter is left uncommitted for a later replay. */
    public boolean isPlanned(Message deadLetter) {
        return plan.covers(deadLetter.getHeader(KafkaConstants.PARTITION, Integer.class),
                deadLetter.getHeader(KafkaConstants.OFFSET, Long.class));
    }

    /** After Kafka acknowledged the copy on the readings' topic. */
    public void replayed(@Header(KafkaConstants.MANUAL_COMMIT) RecordPosition position) {
        settle(position);
        replayed.incrementAndGet();
    }

    /** Planned, not chosen: passed over, and left on the dead-letter topic. */
    public void skipped(@Header(KafkaConstants.MANUAL_COMMIT) RecordPosition position) {
        settle(position);
        skipped.incrementAndGet();
    }

    private void settle(RecordPosition position) {
        position.commit();
        plan.settled(position.partition().partition(), position.offset());
    }

    public boolean isDone() {
        return plan.isComplete();
    }

    /** Logs the summary and ends the application, once. */
    public void finish() {
        if (finished.compareAndSet(false, true)) {
            LOG.info("Replay of {} done: replayed {}, skipped {}", topic, replayed.get(), skipped.get());
            stopApplication.run();
        }
    }

    public long replayedCount() {
        return replayed.get();
    }

    public long skippedCount() {
        return skipped.get();
    }

    private static String text(Message message, String header) {
        Object value = message.getHeader(header);
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value == null ? null : value.toString();
    }
}
