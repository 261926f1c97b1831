package dev.remoting.sample.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;

/** SEND_MESSAGE (10) response: the stored message's id and where it went. */
public final class SendMessageResponseHeader implements CommandCustomHeader {

    private String msgId;

    // Required because the client checks every acknowledgement against them; the broker always sends all three.
    @CFNotNull
    private Integer queueId;

    @CFNotNull
    private Long queueOffset;

    /** For decoding, which fills the fields from {@code extFields}. */
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
