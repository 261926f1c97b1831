package dev.remoting.sample.client.protocol;

import dev.remoting.protocol.CommandCustomHeader;

/** NOTIFY_CONSUMER_IDS_CHANGED (40), broker to client: the group whose members changed; the body lists them. */
public class NotifyConsumerIdsChangedHeader implements CommandCustomHeader {

    private String consumerGroup;

    @Override
    public void checkFields() {
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }
}
