package dev.remoting.sample.protocol;

import dev.remoting.exception.RemotingCommandException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The body of a successful PULL_MESSAGE response: the messages one after another, each as
 * {@code queueOffset (int64) | storeTimestamp (int64) | bodyLength (int32) | body}, big-endian.
 */
public final class PullBody {

    /** Bytes in front of each message's body: its offset, store timestamp and body length. */
    static final int MESSAGE_HEADER_SIZE = Long.BYTES + Long.BYTES + Integer.BYTES;

    private PullBody() {
    }

    /** Encodes the messages in the order given; no messages give an empty body. */
    public static byte[] encode(List<PulledMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        int size = 0;
        for (PulledMessage message : messages) {
            // Over 2 GiB of messages fails here with the cause, not later as a puzzling buffer error.
            size = Math.addExact(size, Math.addExact(MESSAGE_HEADER_SIZE, message.body().length));
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (PulledMessage message : messages) {
            buffer.putLong(message.queueOffset()).putLong(message.storeTimestamp()).putInt(message.body().length)
                    .put(message.body());
        }
        return buffer.array();
    }

    /**
     * Decodes a pull body into its messages, in order.
     *
     * @throws RemotingCommandException when the body does not hold whole messages: it ends inside one, or a message
     *         claims a negative body length; the message says which message and where
     */
    public static List<PulledMessage> decode(byte[] body) throws RemotingCommandException {
        Objects.requireNonNull(body, "body");
        ByteBuffer buffer = ByteBuffer.wrap(body);
        List<PulledMessage> messages = new ArrayList<>();
        while (buffer.hasRemaining()) {
            int start = buffer.position();
            if (buffer.remaining() < MESSAGE_HEADER_SIZE) {
                throw malformed(body, messages.size(), start, "is cut short: its header needs "
                        + MESSAGE_HEADER_SIZE + " bytes, " + buffer.remaining() + " remain");
            }
            long queueOffset = buffer.getLong();
            long storeTimestamp = buffer.getLong();
            int length = buffer.getInt();
            if (length < 0) {
                throw malformed(body, messages.size(), start, "(queue offset " + queueOffset
                        + ") has a negative body length, " + length);
            }
            if (length > buffer.remaining()) {
                throw malformed(body, messages.size(), start, "(queue offset " + queueOffset
                        + ") is cut short: its body needs " + length + " bytes, " + buffer.remaining() + " remain");
            }
            byte[] messageBody = new byte[length];
            buffer.get(messageBody);
            messages.add(new PulledMessage(queueOffset, storeTimestamp, messageBody));
        }
        return messages;
    }

    private static RemotingCommandException malformed(byte[] body, int index, int start, String problem) {
        return new RemotingCommandException("malformed pull body (" + body.length + " bytes): message " + index
                + " at byte " + start + " " + problem);
    }
}
