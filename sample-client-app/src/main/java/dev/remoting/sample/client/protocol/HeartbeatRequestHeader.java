package dev.remoting.sample.client.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;

/** HEART_BEAT (34) request: this client's id and the consumer group it joins. */
public class HeartbeatRequestHeader implements CommandCustomHeader {

    @CFNotNull
    private String clientID;

    @CFNotNull
    private String consumerGroup;

    public HeartbeatRequestHeader() {
    }

    public HeartbeatRequestHeader(String clientID, String consumerGroup) {
        this.clientID = clientID;
        this.consumerGroup = consumerGroup;
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
