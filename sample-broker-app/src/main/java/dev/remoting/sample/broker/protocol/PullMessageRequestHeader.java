package dev.remoting.sample.broker.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.protocol.CommandCustomHeader;

/** PULL_MESSAGE request: where to read from, how much, and how long to wait for a message. */
public class PullMessageRequestHeader implements CommandCustomHeader {

    private String consumerGroup;

    @CFNotNull
    private String topic;

    @CFNotNull
    private Integer queueId;

    @CFNotNull
    private Long queueOffset;

    private Integer maxMsgNums = 32;

    private Long suspendTimeoutMillis = 0L;

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

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public Integer getQueueId() {
        return queueId;
    }

    public void setQueueId(Integer queueId) {
        this.queueId = queueId;
    }

    public Long getQueueOffset() {
        return queueOffset;
    }

    public void setQueueOffset(Long queueOffset) {
        this.queueOffset = queueOffset;
    }

    public Integer getMaxMsgNums() {
        return maxMsgNums;
    }

    public void setMaxMsgNums(Integer maxMsgNums) {
        this.maxMsgNums = maxMsgNums;
    }

    public Long getSuspendTimeoutMillis() {
        return suspendTimeoutMillis;
    }

    public void setSuspendTimeoutMillis(Long suspendTimeoutMillis) {
        this.suspendTimeoutMillis = suspendTimeoutMillis;
    }
}
