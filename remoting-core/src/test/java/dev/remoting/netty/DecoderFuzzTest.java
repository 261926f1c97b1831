package dev.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.internal.transport.NettyDecoder;
import dev.remoting.protocol.LanguageCode;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import dev.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Coverage-guided fuzzing of everything that reads bytes from a peer: the frame decoder of the pipeline, the frame
 * codec, and both header decoders (reached through the codec with the serialize-type byte forced).
 *
 * <p>{@code mvn verify} replays the committed inputs in {@code src/test/resources/dev/remoting/netty/
 * DecoderFuzzTestInputs/<method>/} (Jazzer's regression mode). To fuzz one target for real, for ten minutes:
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=10m mvn test -pl remoting-core -Dtest='DecoderFuzzTest#frameDecoder' \
 *     -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 * (the last flag lifts JUnit's 60-second test timeout; each input is still held to 60 seconds). A finding is written
 * as {@code crash-<hash>} into the target's inputs directory, from where {@code mvn verify} replays it.
 *
 * <p>Properties checked for every input:
 * <ul>
 * <li>only {@link RemotingCommandException} (codec) or a Netty {@link DecoderException} whose cause, if any, is a
 * {@code RemotingCommandException} (pipeline) comes out: no {@code NullPointerException},
 * {@code IndexOutOfBoundsException}, {@code OutOfMemoryError} or the like;</li>
 * <li>the decoded remark, extFields and body together hold no more characters and bytes than the input had: a length
 * field can never make the decoder allocate more than the peer actually sent;</li>
 * <li>every buffer is released (checked directly on the reference counts, and by paranoid leak detection);</li>
 * <li>the pipeline decodes the same commands whichever way the stream is fragmented, and decodes nothing more after
 * its first failure;</li>
 * <li>what decodes, re-encodes and decodes again to the same fields.</li>
 * </ul>
 */
class DecoderFuzzTest {

    /** The production default of both sides. */
    private static final int DEFAULT_MAX_FRAME = new NettyServerConfig().getMaxFrameLength();
    /** A small limit, so that inputs of a few hundred bytes also exercise the too-long-frame path. */
    private static final int SMALL_MAX_FRAME = 128;

    @FuzzTest(maxDuration = "2m")
    void frameDecoder(byte[] input) {
        for (int maxFrame : new int[] {DEFAULT_MAX_FRAME, SMALL_MAX_FRAME}) {
            Outcome whole = decodeStream(List.of(input), maxFrame);
            Outcome fragmented = decodeStream(fragments(input), maxFrame);

            assertWithinInput(whole.commands, input.length);
            assertThat(fragmented.summaries()).as("the same commands whatever the fragmentation")
                    .isEqualTo(whole.summaries());
            assertThat(fragmented.failed).as("the same failure whatever the fragmentation").isEqualTo(whole.failed);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void codecDecode(byte[] frameWithoutLength) {
        decodeAndCheck(frameWithoutLength);
    }

    @FuzzTest(maxDuration = "2m")
    void jsonHeader(byte[] header) {
        decodeAndCheck(withType(SerializeType.JSON, header));
    }

    @FuzzTest(maxDuration = "2m")
    void rocketmqHeader(byte[] header) {
        decodeAndCheck(withType(SerializeType.ROCKETMQ, header));
    }

    /** A frame (length word stripped) whose whole content after the type word is the given header. */
    private static byte[] withType(SerializeType type, byte[] header) {
        if (header.length > RemotingCommandCodec.MAX_HEADER_LENGTH) {
            header = Arrays.copyOf(header, RemotingCommandCodec.MAX_HEADER_LENGTH);
        }
        byte[] frame = new byte[4 + header.length];
        int word = (type.getCode() << 24) | header.length;
        frame[0] = (byte) (word >>> 24);
        frame[1] = (byte) (word >>> 16);
        frame[2] = (byte) (word >>> 8);
        frame[3] = (byte) word;
        System.arraycopy(header, 0, frame, 4, header.length);
        return frame;
    }

    /** Decodes one frame with the codec: a command or a RemotingCommandException, nothing else. */
    private static void decodeAndCheck(byte[] frame) {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.heapBuffer(Math.max(frame.length, 1)).writeBytes(frame);
        RemotingCommand cmd;
        try {
            cmd = RemotingCommandCodec.decode(in);
            assertThat(in.isReadable()).as("a decoded frame is consumed whole").isFalse();
        } catch (RemotingCommandException expected) {
            return;
        } finally {
            assertThat(in.refCnt()).as("decode leaves the caller's buffer to the caller").isEqualTo(1);
            in.release();
        }
        assertWithinInput(List.of(cmd), frame.length);
        assertRoundTrips(cmd);
    }

    /** Feeds the pieces, one buffer each, to a fresh decoder; checks what comes out and that nothing leaks. */
    private static Outcome decodeStream(List<byte[]> pieces, int maxFrame) {
        EmbeddedChannel channel = new EmbeddedChannel(new NettyDecoder(maxFrame));
        List<ByteBuf> fed = new ArrayList<>();
        Outcome outcome = new Outcome();
        try {
            for (byte[] piece : pieces) {
                ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(Math.max(piece.length, 1)).writeBytes(piece);
                fed.add(buf);
                boolean failedBefore = outcome.failed;
                int decodedBefore = outcome.commands.size();
                try {
                    channel.writeInbound(buf);
                } catch (DecoderException e) {
                    assertAllowedDecoderFailure(e);
                    assertThat(failedBefore).as("one failure per connection, then silence").isFalse();
                    outcome.failed = true;
                }
                drain(channel, outcome);
                if (failedBefore) {
                    assertThat(outcome.commands).as("nothing is decoded after the first failure")
                            .hasSize(decodedBefore);
                }
            }
            try {
                channel.finish();
            } catch (DecoderException e) {
                assertAllowedDecoderFailure(e);
                outcome.failed = true;
            }
            drain(channel, outcome);
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : fed) {
            assertThat(buf.refCnt()).as("every inbound buffer is released").isZero();
        }
        return outcome;
    }

    private static void drain(EmbeddedChannel channel, Outcome outcome) {
        Object message;
        while ((message = channel.readInbound()) != null) {
            if (!(message instanceof RemotingCommand cmd)) {
                fail("the decoder produced a %s instead of a RemotingCommand", message.getClass().getName());
                return;
            }
            outcome.commands.add(cmd);
        }
    }

    private static void assertAllowedDecoderFailure(DecoderException e) {
        Throwable cause = e.getCause();
        if (cause != null && !(cause instanceof RemotingCommandException)) {
            throw new AssertionError("the decoder failed with an unexpected " + cause.getClass().getName(), e);
        }
    }

    /** Splits the input at pseudo-random points that depend on the input alone, so that a finding reproduces. */
    private static List<byte[]> fragments(byte[] input) {
        Random random = new Random(Arrays.hashCode(input));
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        while (at < input.length) {
            int size = Math.min(input.length - at, 1 + random.nextInt(random.nextBoolean() ? 4 : 64));
            pieces.add(Arrays.copyOfRange(input, at, at + size));
            at += size;
        }
        return pieces;
    }

    /** What came out of the decoded commands may not be larger than what went in. */
    private static void assertWithinInput(List<RemotingCommand> commands, int inputLength) {
        long decoded = 0;
        for (RemotingCommand cmd : commands) {
            decoded += size(cmd);
        }
        if (decoded > inputLength) {
            fail("decoded %d characters and bytes of remark, extFields and body from only %d input bytes: %s",
                    decoded, inputLength, commands);
        }
    }

    private static long size(RemotingCommand cmd) {
        long size = cmd.getBody() == null ? 0 : cmd.getBody().length;
        size += cmd.getRemark() == null ? 0 : cmd.getRemark().length();
        if (cmd.getExtFields() != null) {
            for (Map.Entry<String, String> e : cmd.getExtFields().entrySet()) {
                size += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
            }
        }
        return size;
    }

    /** Encodes the command in the serialization it arrived with and decodes it again: every field survives. */
    private static void assertRoundTrips(RemotingCommand cmd) {
        ByteBuf out = Unpooled.buffer();
        RemotingCommand again;
        try {
            RemotingCommandCodec.encode(cmd, SerializeType.JSON, out);
            out.skipBytes(4);
            again = RemotingCommandCodec.decode(out);
        } catch (RemotingCommandException e) {
            throw new AssertionError("a decoded command did not decode again after encoding: " + cmd, e);
        } finally {
            out.release();
        }
        assertThat(summary(again, true)).as("decode(encode(decoded))").isEqualTo(summary(cmd, true));
    }

    /**
     * Every wire-visible field. An unknown language (null) goes out as OTHER in the binary header, so the two are
     * not told apart. A JSON header without an opaque gets the next local one, as in RocketMQ, which differs from
     * one decode to the next: the fragmentation comparison leaves the opaque out.
     */
    private static String summary(RemotingCommand cmd, boolean withOpaque) {
        LanguageCode language = cmd.getLanguage() == null ? LanguageCode.OTHER : cmd.getLanguage();
        return "code=" + cmd.getCode() + " language=" + language + " version=" + cmd.getVersion()
                + (withOpaque ? " opaque=" + cmd.getOpaque() : "") + " flag=" + cmd.getFlag()
                + " type=" + cmd.getSerializeTypeCurrentRPC() + " remark=" + cmd.getRemark()
                + " extFields=" + cmd.getExtFields() + " body=" + Arrays.toString(cmd.getBody());
    }

    private static final class Outcome {
        final List<RemotingCommand> commands = new ArrayList<>();
        boolean failed;

        List<String> summaries() {
            return commands.stream().map(cmd -> summary(cmd, false)).toList();
        }
    }
}
