package dev.remoting.sample.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class MessageBodiesTests {

    private final MessageBodies bodies = new MessageBodies(0x1234_5678_9abc_def0L, 128);

    @Test
    void bodiesAreDeterministicAndTraceBackToTheirMessage() {
        assertThat(bodies.body(42)).hasSize(128).isEqualTo(bodies.body(42)).isNotEqualTo(bodies.body(43));
        assertThat(bodies.sequenceOf(bodies.body(0))).isZero();
        assertThat(bodies.sequenceOf(bodies.body(99_999))).isEqualTo(99_999);
    }

    @Test
    void damagedOrForeignBodiesAreNotRecognised() {
        byte[] damaged = bodies.body(7);
        damaged[100] ^= 1;
        assertThat(bodies.sequenceOf(damaged)).isEqualTo(-1);
        assertThat(bodies.sequenceOf(new MessageBodies(1, 128).body(7))).isEqualTo(-1);
        assertThat(bodies.sequenceOf(new MessageBodies(0x1234_5678_9abc_def0L, 64).body(7))).isEqualTo(-1);
        assertThat(bodies.sequenceOf(new byte[0])).isEqualTo(-1);
    }

    @Test
    void aBodyHoldsAtLeastItsRunIdAndSequenceNumber() {
        assertThat(new MessageBodies(1, 16).body(3)).hasSize(16);
        assertThatIllegalArgumentException().isThrownBy(() -> new MessageBodies(1, 15));
    }
}
