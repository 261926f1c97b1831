package dev.remoting.sample.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.protocol.CommandCustomHeader;
import java.util.Objects;

/**
 * PULL_MESSAGE (11) request: up to {@code maxMsgNums} messages of a queue from {@code queueOffset}; with a positive
 * {@code suspendTimeoutMillis} the broker holds the request that long for a message to arrive (long polling).
 */
public final class PullMessageRequestHeader implements CommandCustomHeader {

    private String consumerGroup;

    @CFNotNull
    private String topic;

    @CFNotNull
    private Integer queueId;

    @CFNotNull
    private Long queueOffset;

    // Decoding leaves an absent optional field as initialised here: these are the defaults PROTOCOL.md promises.
    private Integer maxMsgNums = 32;

    private Long suspendTimeoutMillis = 0L;

    /** For decoding, which fills the fields from {@code extFields}. */
    public PullMessageRequestHeader() {
    }

    public PullMessageRequestHeader(String consumerGroup, String topic, int queueId, long queueOffset,
            int maxMsgNums, long suspendTimeoutMillis) {
        this.consumerGroup = consumerGroup;
        this.topic = Objects.requireNonNull(topic, "topic");
        this.queueId = queueId;
        this.queueOffset = queueOffset;
        this.maxMsgNums = maxMsgNums;
        this.suspendTimeoutMillis = suspendTimeoutMillis;
    }

    @Override
    public void checkFields() throws RemotingCommandException {
        if (queueOffset < 0) {
            throw new RemotingCommandException("queueOffset must not be negative: " + queueOffset);
        }
        if (maxMsgNums < 1) {
            throw new RemotingCommandException("maxMsgNums must be at least 1: " + maxMsgNums);
        }
        if (suspendTimeoutMillis < 0) {
            throw new RemotingCommandException("suspendTimeoutMillis must not be negative: " + suspendTimeoutMillis);
        }
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }

    public String getTopic() {
        return topic;
    }

    public Integer getQueueId() {
        return queueId;
    }

    public Long getQueueOffset() {
        return queueOffset;
    }

    public Integer getMaxMsgNums() {
        return maxMsgNums;
    }

    public Long getSuspendTimeoutMillis() {
        return suspendTimeoutMillis;
    }
}
