package dev.remoting.spring.boot.test;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;
import org.jspecify.annotations.Nullable;

/** A header of the tests' requests and responses: a topic and a queue. */
public final class TopicHeader implements CommandCustomHeader {

    @CFNotNull
    private @Nullable String topic;

    private @Nullable Integer queueId;

    /** For decoding. */
    public TopicHeader() {
    }

    public TopicHeader(String topic, int queueId) {
        this.topic = topic;
        this.queueId = queueId;
    }

    @Override
    public void checkFields() {
    }

    public @Nullable String getTopic() {
        return topic;
    }

    public @Nullable Integer getQueueId() {
        return queueId;
    }
}
