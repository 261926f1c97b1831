package dev.remoting.sample.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;
import java.util.Objects;

/** SEND_MESSAGE (10) request: the topic and queue to append the body to. */
public final class SendMessageRequestHeader implements CommandCustomHeader {

    @CFNotNull
    private String topic;

    @CFNotNull
    private Integer queueId;

    private Long bornTimestamp;

    private String producerGroup;

    /** For decoding, which fills the fields from {@code extFields}. */
    public SendMessageRequestHeader() {
    }

    public SendMessageRequestHeader(String topic, int queueId, long bornTimestamp, String producerGroup) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.queueId = queueId;
        this.bornTimestamp = bornTimestamp;
        this.producerGroup = producerGroup;
    }

    @Override
    public void checkFields() {
    }

    public String getTopic() {
        return topic;
    }

    public Integer getQueueId() {
        return queueId;
    }

    public Long getBornTimestamp() {
        return bornTimestamp;
    }

    public String getProducerGroup() {
        return producerGroup;
    }
}
