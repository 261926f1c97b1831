package dev.remoting.sample.client;

import java.nio.ByteBuffer;

/**
 * The deterministic message bodies of one run: {@code runId(8) | seq(8) | filler}, where the filler is letters
 * generated from the run id and the sequence number. A received body can therefore be traced back to its message and
 * checked byte for byte without keeping what was sent.
 */
final class MessageBodies {

    /** Bytes of the run id and sequence number at the start of every body. */
    static final int HEADER_SIZE = 16;

    private final long runId;
    private final int size;

    MessageBodies(long runId, int size) {
        if (size < HEADER_SIZE) {
            throw new IllegalArgumentException("a body needs at least " + HEADER_SIZE + " bytes, not " + size);
        }
        this.runId = runId;
        this.size = size;
    }

    long runId() {
        return runId;
    }

    /** Returns the body of message {@code seq}. */
    byte[] body(long seq) {
        byte[] body = new byte[size];
        ByteBuffer.wrap(body).putLong(runId).putLong(seq);
        long x = runId ^ (seq * 0x9E3779B97F4A7C15L);
        for (int i = HEADER_SIZE; i < size; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            body[i] = (byte) ('a' + (int) ((x >>> 33) % 26));
        }
        return body;
    }

    /**
     * Returns the sequence number of a body of this run that is intact, or -1 when the body is not one this run sent
     * (another run's, or damaged).
     */
    long sequenceOf(byte[] body) {
        if (body == null || body.length != size) {
            return -1;
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        if (buffer.getLong() != runId) {
            return -1;
        }
        long seq = buffer.getLong();
        return seq >= 0 && java.util.Arrays.equals(body, body(seq)) ? seq : -1;
    }
}
