package io.bpmonitor.kafka;

/** Kafka has no topic of this name (yet): what depends on it waits for it, and says which. */
public class MissingTopicException extends IllegalStateException {

    private final String topic;

    public MissingTopicException(String topic) {
        super("no topic " + topic);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
