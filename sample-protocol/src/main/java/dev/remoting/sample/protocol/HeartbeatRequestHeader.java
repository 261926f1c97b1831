package dev.remoting.sample.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;
import java.util.Objects;

/** HEART_BEAT (34) request: a consumer announcing its client id and the consumer group it joins. */
public final class HeartbeatRequestHeader implements CommandCustomHeader {

    @CFNotNull
    private String clientID;

    @CFNotNull
    private String consumerGroup;

    /** For decoding, which fills the fields from {@code extFields}. */
    public HeartbeatRequestHeader() {
    }

    public HeartbeatRequestHeader(String clientID, String consumerGroup) {
        this.clientID = Objects.requireNonNull(clientID, "clientID");
        this.consumerGroup = Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    @Override
    public void checkFields() {
    }

    public String getClientID() {
        return clientID;
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }
}
