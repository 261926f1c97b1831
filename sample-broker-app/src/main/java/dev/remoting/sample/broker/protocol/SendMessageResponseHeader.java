package dev.remoting.sample.broker.protocol;

import dev.remoting.protocol.CommandCustomHeader;

/** SEND_MESSAGE response: where the message was stored. */
public class SendMessageResponseHeader implements CommandCustomHeader {

    private String msgId;

    private Integer queueId;

    private Long queueOffset;

    public SendMessageResponseHeader() {
    }

    public SendMessageResponseHeader(String msgId, int queueId, long queueOffset) {
        this.msgId = msgId;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
    }

    @Override
    public void checkFields() {
    }

    public String getMsgId() {
        return msgId;
    }

    public Integer getQueueId() {
        return queueId;
    }

    public Long getQueueOffset() {
        return queueOffset;
    }
}
