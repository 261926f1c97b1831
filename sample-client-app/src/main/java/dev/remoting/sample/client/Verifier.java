package dev.remoting.sample.client;

import dev.remoting.sample.client.DemoProperties.Mode;
import dev.remoting.sample.protocol.PulledMessage;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * Checks what came back against what was sent: each pulled message as it arrives (a body of this run, intact, in
 * its queue, once, at the next offset), then every acknowledged message (ONEWAY: every sent one) at the end.
 *
 * <p>"In order per queue" means: a queue returns its messages at consecutive offsets, and every acknowledged message
 * sits at exactly the offset its acknowledgement named (for SYNC, whose sends are one at a time, offsets also follow
 * the send order). ONEWAY sends get no acknowledgement, so there every sent message must be found exactly once in its
 * queue. Confined to the pulling thread.
 */
final class Verifier {

    private final int count;
    private final int queues;
    private final Mode mode;
    private final MessageBodies bodies;
    private final Problems problems;

    /** Offset each message was received at, by sequence number; -1 when not received. */
    private final long[] receivedOffset;
    private long received;

    Verifier(int count, int queues, Mode mode, MessageBodies bodies, Problems problems) {
        this.count = count;
        this.queues = queues;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.receivedOffset = new long[count];
        Arrays.fill(receivedOffset, -1);
    }

    /** Takes a pulled message apart and checks it; the queue's previous message was at {@code expectedOffset - 1}. */
    void accept(int queue, long expectedOffset, PulledMessage message) {
        received++;
        long offset = message.queueOffset();
        if (offset != expectedOffset) {
            problems.add("queue " + queue + ": expected the message at offset " + expectedOffset + ", got " + offset);
        }
        long seq = bodies.sequenceOf(message.body());
        if (seq < 0 || seq >= count) {
            problems.add("queue " + queue + " offset " + offset + ": a body this run did not send, or damaged ("
                    + message.body().length + " bytes)");
            return;
        }
        int sequence = (int) seq;
        if (sequence % queues != queue) {
            problems.add("message " + sequence + " belongs to queue " + (sequence % queues) + " but came from queue "
                    + queue);
            return;
        }
        if (receivedOffset[sequence] >= 0) {
            problems.add("message " + sequence + " received twice, at offsets " + receivedOffset[sequence] + " and "
                    + offset);
            return;
        }
        receivedOffset[sequence] = offset;
    }

    /** Returns how many messages were pulled back. */
    long received() {
        return received;
    }

    /** Checks that every acknowledged (ONEWAY: sent) message was received where it belongs; returns how many were. */
    long verify(SendLedger ledger) {
        long expected = 0;
        long verified = 0;
        BitSet sentSeqs = ledger.sentSeqs();
        for (int seq = sentSeqs.nextSetBit(0); seq >= 0; seq = sentSeqs.nextSetBit(seq + 1)) {
            long at = receivedOffset[seq];
            long ackedAt = ledger.ackedOffset(seq);
            if (mode == Mode.ONEWAY) {
                expected++;
                if (at >= 0) {
                    verified++;
                } else {
                    problems.add("message " + seq + " (queue " + (seq % queues) + ") was sent but never received");
                }
            } else if (ackedAt >= 0) {
                expected++;
                if (at == ackedAt) {
                    verified++;
                } else {
                    problems.add("message " + seq + " was acknowledged at queue " + (seq % queues) + " offset "
                            + ackedAt + " but " + (at < 0 ? "never received" : "received at offset " + at));
                }
            }
        }
        if (verified < expected) {
            problems.conclude((expected - verified) + " of " + expected
                    + (mode == Mode.ONEWAY ? " sent" : " acknowledged") + " messages were missing or misplaced");
        }
        if (mode == Mode.SYNC) {
            checkSendOrder(ledger);
        }
        if (ledger.sent() < count) {
            problems.conclude("only " + ledger.sent() + " of " + count + " messages were sent");
        }
        if (mode != Mode.ONEWAY && ledger.acked() < ledger.sent()) {
            problems.conclude((ledger.sent() - ledger.acked()) + " of " + ledger.sent()
                    + " sends were not acknowledged");
        }
        return verified;
    }

    /** SYNC sends one at a time, so within a queue the acknowledged offsets follow the send order. */
    private void checkSendOrder(SendLedger ledger) {
        for (int q = 0; q < queues; q++) {
            long previous = -1;
            for (int seq = q; seq < count; seq += queues) {
                long ackedAt = ledger.ackedOffset(seq);
                if (ackedAt >= 0) {
                    if (ackedAt <= previous) {
                        problems.add("queue " + q + ": message " + seq + " was stored at offset " + ackedAt
                                + ", before an earlier message");
                    }
                    previous = ackedAt;
                }
            }
        }
    }
}
