package dev.remoting.sample.protocol;

import java.util.Objects;

/**
 * One message of a pull body: its offset in its queue, when the broker stored it, and its body.
 *
 * @param queueOffset the message's offset in its queue
 * @param storeTimestamp when the broker stored it, in milliseconds since the epoch
 * @param body the message body, as sent
 */
public record PulledMessage(long queueOffset, long storeTimestamp, byte[] body) {

    public PulledMessage {
        Objects.requireNonNull(body, "body");
    }
}
