package dev.remoting.sample.broker.store;

/** A message as stored: its offset in its queue, when it was stored, and its body. */
public record StoredMessage(long queueOffset, long storeTimestamp, byte[] body) {
}
