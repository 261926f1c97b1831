package dev.remoting.sample.protocol;

import dev.remoting.protocol.CommandCustomHeader;

/**
 * NOTIFY_CONSUMER_IDS_CHANGED (40), broker to client, oneway: the group whose members changed; the body lists them.
 */
public final class NotifyConsumerIdsChangedHeader implements CommandCustomHeader {

    private String consumerGroup;

    /** For decoding, which fills the fields from {@code extFields}. */
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
