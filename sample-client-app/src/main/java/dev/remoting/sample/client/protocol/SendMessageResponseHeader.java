package dev.remoting.sample.client.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;

/** SEND_MESSAGE (10) response: the stored message's id and where it went. */
public class SendMessageResponseHeader implements CommandCustomHeader {

    private String msgId;

    @CFNotNull
    private Integer queueId;

    @CFNotNull
    private Long queueOffset;

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
