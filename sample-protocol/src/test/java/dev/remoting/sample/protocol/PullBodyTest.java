package dev.remoting.sample.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingCommandException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullBodyTest {

    private static final List<PulledMessage> MESSAGES = List.of(
            new PulledMessage(0, 1_700_000_000_000L, utf8("first")),
            new PulledMessage(1, 1_700_000_000_001L, new byte[0]),
            new PulledMessage(Long.MAX_VALUE, -1, utf8("last, and longer than the others")));

    @Test
    void messagesSurviveARoundTripInOrder() throws RemotingCommandException {
        List<PulledMessage> decoded = PullBody.decode(PullBody.encode(MESSAGES));

        assertThat(decoded).hasSameSizeAs(MESSAGES);
        for (int i = 0; i < MESSAGES.size(); i++) {
            assertThat(decoded.get(i).queueOffset()).isEqualTo(MESSAGES.get(i).queueOffset());
            assertThat(decoded.get(i).storeTimestamp()).isEqualTo(MESSAGES.get(i).storeTimestamp());
            assertThat(decoded.get(i).body()).isEqualTo(MESSAGES.get(i).body());
        }
    }

    @Test
    void noMessagesMakeAnEmptyBodyAndAnEmptyBodyHoldsNoMessages() throws RemotingCommandException {
        assertThat(PullBody.encode(List.of())).isEmpty();
        assertThat(PullBody.decode(new byte[0])).isEmpty();
    }

    @Test
    void eachMessageIsItsOffsetTimestampLengthAndBodyBigEndian() {
        // The layout PROTOCOL.md documents, byte for byte.
        byte[] body = PullBody.encode(List.of(new PulledMessage(0x0102030405060708L, 0x1112131415161718L,
                new byte[] {(byte) 0xAA, (byte) 0xBB})));

        assertThat(HexFormat.of().formatHex(body)).isEqualTo("0102030405060708" + "1112131415161718" + "00000002"
                + "aabb");
    }

    @Test
    void aBodyThatEndsInsideAMessageHeaderIsRejectedSayingWhere() {
        byte[] body = PullBody.encode(MESSAGES.subList(0, 1));
        byte[] cut = Arrays.copyOf(body, body.length + 7);

        assertThatThrownBy(() -> PullBody.decode(cut)).isInstanceOf(RemotingCommandException.class)
                .hasMessage("malformed pull body (" + cut.length + " bytes): message 1 at byte " + body.length
                        + " is cut short: its header needs 20 bytes, 7 remain");
    }

    @Test
    void aBodyThatEndsInsideAMessageBodyIsRejectedSayingWhere() {
        byte[] body = PullBody.encode(MESSAGES.subList(0, 1));
        byte[] cut = Arrays.copyOf(body, body.length - 2);

        assertThatThrownBy(() -> PullBody.decode(cut)).isInstanceOf(RemotingCommandException.class)
                .hasMessage("malformed pull body (23 bytes): message 0 at byte 0 (queue offset 0) is cut short: its "
                        + "body needs 5 bytes, 3 remain");
    }

    @Test
    void aNegativeBodyLengthIsRejected() {
        byte[] body = PullBody.encode(MESSAGES.subList(0, 1));
        body[16] = (byte) 0xFF;

        assertThatThrownBy(() -> PullBody.decode(body)).isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("message 0 at byte 0 (queue offset 0) has a negative body length");
    }

    @Test
    void everyCutThatIsNotBetweenMessagesIsRejected() throws RemotingCommandException {
        byte[] body = PullBody.encode(MESSAGES);
        int first = PullBody.MESSAGE_HEADER_SIZE + MESSAGES.get(0).body().length;
        int second = first + PullBody.MESSAGE_HEADER_SIZE + MESSAGES.get(1).body().length;

        for (int length = 1; length < body.length; length++) {
            byte[] cut = Arrays.copyOf(body, length);
            if (length == first || length == second) {
                assertThat(PullBody.decode(cut)).hasSize(length == first ? 1 : 2);
            } else {
                assertThatThrownBy(() -> PullBody.decode(cut)).as("cut to %d bytes", length)
                        .isInstanceOf(RemotingCommandException.class).hasMessageContaining("is cut short");
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
