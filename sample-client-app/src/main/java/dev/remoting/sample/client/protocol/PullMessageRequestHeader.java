package dev.remoting.sample.client.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;

/**
 * PULL_MESSAGE (11) request: up to {@code maxMsgNums} messages of a queue from {@code queueOffset}; with a positive
 * {@code suspendTimeoutMillis} the broker holds the request that long for a message to arrive (long polling).
 */
public class PullMessageRequestHeader implements CommandCustomHeader {

    private String consumerGroup;

    @CFNotNull
    private String topic;

    @CFNotNull
    private Integer queueId;

    @CFNotNull
    private Long queueOffset;

    private Integer maxMsgNums;

    private Long suspendTimeoutMillis;

    public PullMessageRequestHeader() {
    }

    public PullMessageRequestHeader(String consumerGroup, String topic, int queueId, long queueOffset,
            int maxMsgNums, long suspendTimeoutMillis) {
        this.consumerGroup = consumerGroup;
        this.topic = topic;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
        this.maxMsgNums = maxMsgNums;
        this.suspendTimeoutMillis = suspendTimeoutMillis;
    }

    @Override
    public void checkFields() {
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
