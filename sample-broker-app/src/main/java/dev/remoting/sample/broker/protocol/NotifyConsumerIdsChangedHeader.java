package dev.remoting.sample.broker.protocol;

import dev.remoting.protocol.CommandCustomHeader;

/** NOTIFY_CONSUMER_IDS_CHANGED: which group changed; the body lists its members. */
public class NotifyConsumerIdsChangedHeader implements CommandCustomHeader {

    private String consumerGroup;

    public NotifyConsumerIdsChangedHeader() {
    }

    public NotifyConsumerIdsChangedHeader(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    @Override
    public void checkFields() {
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }
}
