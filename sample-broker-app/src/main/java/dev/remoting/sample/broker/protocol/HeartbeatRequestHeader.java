package dev.remoting.sample.broker.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;

/** HEART_BEAT request: a consumer announcing itself and its group. */
public class HeartbeatRequestHeader implements CommandCustomHeader {

    @CFNotNull
    private String clientID;

    @CFNotNull
    private String consumerGroup;

    @Override
    public void checkFields() {
    }

    public String getClientID() {
        return clientID;
    }

    public void setClientID(String clientID) {
        this.clientID = clientID;
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }
}
