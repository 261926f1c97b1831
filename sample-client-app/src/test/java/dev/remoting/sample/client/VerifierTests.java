package dev.remoting.sample.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.sample.client.DemoProperties.Mode;
import dev.remoting.sample.protocol.PulledMessage;
import dev.remoting.sample.protocol.SendMessageResponseHeader;
import org.junit.jupiter.api.Test;

/** The verifier against a ledger filled by hand: two messages, two queues, each message alone in its queue. */
class VerifierTests {

    private final MessageBodies bodies = new MessageBodies(42, 32);
    private final Problems problems = new Problems();
    private final SendLedger ledger = new SendLedger(2, 2, problems);

    @Test
    void messagesReceivedWhereTheyWereAcknowledgedAreVerified() {
        Verifier verifier = sendAndAcknowledgeBoth(Mode.ASYNC);

        verifier.accept(0, 0, new PulledMessage(0, 1, bodies.body(0)));
        verifier.accept(1, 0, new PulledMessage(0, 1, bodies.body(1)));

        assertThat(verifier.verify(ledger)).isEqualTo(2);
        assertThat(verifier.received()).isEqualTo(2);
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void aMessageReceivedTwiceOrInAnotherQueueOrDamagedIsAProblem() {
        Verifier verifier = sendAndAcknowledgeBoth(Mode.SYNC);
        byte[] damaged = bodies.body(1);
        damaged[20] ^= 1;

        verifier.accept(0, 0, new PulledMessage(0, 1, bodies.body(0)));
        verifier.accept(0, 1, new PulledMessage(1, 1, bodies.body(0)));
        verifier.accept(0, 2, new PulledMessage(2, 1, bodies.body(1)));
        verifier.accept(1, 0, new PulledMessage(0, 1, damaged));

        assertThat(verifier.verify(ledger)).isEqualTo(1);
        assertThat(problems.list()).containsExactly(
                "1 of 2 acknowledged messages were missing or misplaced",
                "message 0 received twice, at offsets 0 and 1",
                "message 1 belongs to queue 1 but came from queue 0",
                "queue 1 offset 0: a body this run did not send, or damaged (32 bytes)",
                "message 1 was acknowledged at queue 1 offset 0 but never received");
    }

    @Test
    void onewayMessagesNeedOnlyBeFoundAndUnacknowledgedSendsAreAProblemOtherwise() {
        ledger.sent(0);
        ledger.sent(1);
        Verifier oneway = new Verifier(2, 2, Mode.ONEWAY, bodies, problems);
        oneway.accept(0, 0, new PulledMessage(7, 1, bodies.body(0)));
        oneway.accept(1, 0, new PulledMessage(0, 1, bodies.body(1)));

        assertThat(oneway.verify(ledger)).isEqualTo(2);
        assertThat(problems.list()).containsExactly("queue 0: expected the message at offset 0, got 7");

        Problems asyncProblems = new Problems();
        new Verifier(2, 2, Mode.ASYNC, bodies, asyncProblems).verify(ledger);
        assertThat(asyncProblems.list()).containsExactly("2 of 2 sends were not acknowledged");
    }

    /** Records both messages as sent and acknowledged at offset 0 of their queue. */
    private Verifier sendAndAcknowledgeBoth(Mode mode) {
        for (int seq = 0; seq < 2; seq++) {
            ledger.sent(seq);
            ledger.answered(seq, new SendMessageResponseHeader("id-" + seq, seq, 0), 1_000_000);
        }
        return new Verifier(2, 2, mode, bodies, problems);
    }
}
