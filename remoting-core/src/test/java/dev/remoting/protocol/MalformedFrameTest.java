package dev.remoting.protocol;

import static dev.remoting.protocol.Frames.concat;
import static dev.remoting.protocol.Frames.frameWithoutLength;
import static dev.remoting.protocol.Frames.int16;
import static dev.remoting.protocol.Frames.int32;
import static dev.remoting.protocol.Frames.jsonFrame;
import static dev.remoting.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever arrives, {@link RemotingCommandCodec#decode} either returns a command or throws
 * {@link RemotingCommandException}: never another exception, and never an allocation sized by an unchecked length
 * (the reading rules of docs/protocol.md §2, §3.1 and §3.2).
 */
class MalformedFrameTest {

    private static final byte[] NO_BODY = new byte[0];

    /** code 105, JAVA, version 475, opaque 1, flag 0: the 13 bytes before the remark length. */
    private static final byte[] FIXED = concat(int16(105), new byte[] {0}, int16(475), int32(1), int32(0));

    private static byte[] binary(byte[]... headerParts) {
        return frameWithoutLength(1, concat(headerParts), NO_BODY);
    }

    /** A binary header with no remark and the given extFields block (its length word written as given). */
    private static byte[] binaryWithMap(int declaredMapLength, byte[] map) {
        return binary(FIXED, int32(0), int32(declaredMapLength), map);
    }

    /** A binary header whose extFields block length is exactly the bytes given. */
    private static byte[] binaryWithMap(byte[] map) {
        return binaryWithMap(map.length, map);
    }

    private static Arguments malformed(String name, byte[] frameWithoutLength) {
        return Arguments.of(Named.of(name, frameWithoutLength));
    }

    static Stream<Arguments> malformedFrames() {
        return Stream.of(
                malformed("an empty frame", new byte[0]),
                malformed("a one-byte frame", new byte[] {0}),
                malformed("a three-byte frame", new byte[] {0, 0, 0}),
                malformed("a header length one larger than the frame",
                        concat(int32(3), utf8("{}"))),
                malformed("a header length far larger than the frame", concat(int32(0x00FF_FFFF), utf8("{}"))),
                malformed("a binary header length larger than the frame", concat(int32(0x0100_0100), FIXED)),
                malformed("serialize type 0x05", frameWithoutLength(5, utf8("{}"), NO_BODY)),
                malformed("serialize type 0x02", frameWithoutLength(2, utf8("{}"), NO_BODY)),
                malformed("serialize type 0xFF", frameWithoutLength(0xFF, utf8("{}"), NO_BODY)),
                malformed("serialize type 0x80", frameWithoutLength(0x80, utf8("{}"), NO_BODY)),

                malformed("an empty JSON header", jsonFrame("")),
                malformed("a blank JSON header", jsonFrame("   ")),
                malformed("text that is not JSON", jsonFrame("not json")),
                malformed("a truncated JSON object", jsonFrame("{\"code\":")),
                malformed("an unclosed JSON object", jsonFrame("{\"code\":1")),
                malformed("an unclosed JSON string", jsonFrame("{\"remark\":\"abc")),
                malformed("a JSON array", jsonFrame("[1,2]")),
                malformed("a JSON string", jsonFrame("\"text\"")),
                malformed("a JSON number", jsonFrame("123")),
                malformed("JSON null", jsonFrame("null")),
                malformed("a JSON object followed by garbage", jsonFrame("{\"code\":1}garbage")),
                malformed("two JSON objects", jsonFrame("{\"code\":1}{\"code\":2}")),
                malformed("a code that is an object", jsonFrame("{\"code\":{\"a\":1}}")),
                malformed("a code that is an array", jsonFrame("{\"code\":[1]}")),
                malformed("a code that is a boolean", jsonFrame("{\"code\":true}")),
                malformed("a code that is a non-numeric string", jsonFrame("{\"code\":\"abc\"}")),
                malformed("a code beyond int32", jsonFrame("{\"code\":99999999999}")),
                malformed("an opaque beyond int32 as a string", jsonFrame("{\"opaque\":\"99999999999\"}")),
                malformed("extFields that are an array", jsonFrame("{\"extFields\":[1]}")),
                malformed("extFields that are a string", jsonFrame("{\"extFields\":\"x\"}")),
                malformed("extFields that are a number", jsonFrame("{\"extFields\":1}")),
                malformed("extFields that are not closed", jsonFrame("{\"extFields\":{\"a\":\"b\"")),
                malformed("a JSON key without a value", jsonFrame("{\"code\"}")),

                malformed("an empty binary header", binary()),
                malformed("a binary header of 20 bytes", binary(FIXED, int32(0), new byte[3])),
                malformed("a binary header of 1 byte", binary(new byte[1])),
                malformed("a remark length of -1", binary(FIXED, int32(-1), int32(0))),
                malformed("a remark length of Integer.MIN_VALUE", binary(FIXED, int32(Integer.MIN_VALUE), int32(0))),
                malformed("a remark length of 0x7FFFFFFF", binary(FIXED, int32(0x7FFF_FFFF), int32(0))),
                malformed("a remark length one more than what is left",
                        binary(FIXED, int32(8), utf8("abc"), int32(0))),
                malformed("a remark that eats the extFields length",
                        binary(FIXED, int32(5), utf8("abc"), int32(0))),
                malformed("an extFields length of -1", binaryWithMap(-1, new byte[0])),
                malformed("an extFields length of 0x7FFFFFFF", binaryWithMap(0x7FFF_FFFF, new byte[0])),
                malformed("an extFields length one more than what is left",
                        binaryWithMap(9, concat(int16(1), utf8("k"), int32(1), utf8("v")))),
                malformed("a key length of -1", binaryWithMap(concat(int16(-1), utf8("k"), int32(1), utf8("v")))),
                malformed("a key length of Short.MIN_VALUE",
                        binaryWithMap(concat(int16(0x8000), utf8("k"), int32(1), utf8("v")))),
                malformed("a key length larger than the block", binaryWithMap(concat(int16(100), utf8("ab")))),
                malformed("a key length of 0x7FFF", binaryWithMap(concat(int16(0x7FFF), utf8("ab")))),
                malformed("a truncated key length", binaryWithMap(new byte[] {0})),
                malformed("a key without a value length", binaryWithMap(concat(int16(1), utf8("k")))),
                malformed("a truncated value length", binaryWithMap(concat(int16(1), utf8("k"), new byte[] {0, 0}))),
                malformed("a value length of -1", binaryWithMap(concat(int16(1), utf8("k"), int32(-1)))),
                malformed("a value length of Integer.MIN_VALUE",
                        binaryWithMap(concat(int16(1), utf8("k"), int32(Integer.MIN_VALUE), utf8("v")))),
                malformed("a value length of 0x7FFFFFFF",
                        binaryWithMap(concat(int16(1), utf8("k"), int32(0x7FFF_FFFF), utf8("v")))),
                malformed("a value length one more than the block",
                        binaryWithMap(concat(int16(1), utf8("k"), int32(4), utf8("abc")))),
                malformed("a value that runs past its block into the rest of the header",
                        binary(FIXED, int32(0), int32(8), int16(1), utf8("k"), int32(4), utf8("v"), utf8("xyz"))),
                malformed("a second entry cut short",
                        binaryWithMap(concat(int16(1), utf8("k"), int32(1), utf8("v"), int16(3), utf8("ke")))),
                malformed("one trailing byte after the extFields block",
                        binary(FIXED, int32(0), int32(0), new byte[1])),
                malformed("trailing bytes after a remark and an extFields block",
                        binary(FIXED, int32(3), utf8("abc"), int32(7), int16(1), utf8("k"), int32(0), utf8("junk"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void aMalformedFrameIsARemotingCommandException(byte[] frameWithoutLength) {
        assertThatThrownBy(() -> Frames.decode(frameWithoutLength)).isInstanceOf(RemotingCommandException.class);
    }

    @Test
    void aHeaderLengthLargerThanTheFrameIsReportedAsABadHeaderLength() {
        assertThatThrownBy(() -> Frames.decode(concat(int32(0x00FF_FFFF), utf8("{}"))))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("bad header length: 16777215");
    }

    @Test
    void anUnknownSerializeTypeIsReportedAsSuch() {
        assertThatThrownBy(() -> Frames.decode(frameWithoutLength(5, utf8("{}"), NO_BODY)))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("serialize type")
                .hasMessageContaining("5");
    }

    @Test
    void aFrameWithTheLengthWordStillAttachedIsRejected() {
        byte[] whole = Frames.encode(Frames.command(105, 1, 475), SerializeType.JSON);

        assertThatThrownBy(() -> Frames.decode(whole)).isInstanceOf(RemotingCommandException.class);
    }

    @Test
    void bytesAfterAValidBinaryHeaderAreTheBodyNotTrailingGarbage() throws Exception {
        byte[] frame = frameWithoutLength(1, concat(FIXED, int32(0), int32(0)), utf8("body"));

        RemotingCommand cmd = Frames.decode(frame);

        assertThat(cmd.getCode()).isEqualTo(105);
        assertThat(cmd.getBody()).isEqualTo(utf8("body"));
    }

    @Test
    void aBinaryHeaderOfExactlyTwentyOneBytesIsAValidEmptyHeader() throws Exception {
        RemotingCommand cmd = Frames.decode(binary(FIXED, int32(0), int32(0)));

        assertThat(cmd.getCode()).isEqualTo(105);
        assertThat(cmd.getVersion()).isEqualTo(475);
        assertThat(cmd.getRemark()).isNull();
        assertThat(cmd.getExtFields()).isNull();
    }

    @Test
    void anUnknownLanguageByteIsNotAnError() throws Exception {
        byte[] fixed = FIXED.clone();
        fixed[2] = 99;

        assertThat(Frames.decode(binary(fixed, int32(0), int32(0))).getLanguage()).isNull();
    }

    @Test
    void decodingReadsTheWholeFrameAndLeavesTheBufferToTheCaller() throws Exception {
        byte[] frame = Frames.encode(Frames.command(105, 1, 475), SerializeType.ROCKETMQ);
        ByteBuf in = Unpooled.wrappedBuffer(frame, 4, frame.length - 4);
        try {
            RemotingCommandCodec.decode(in);

            assertThat(in.refCnt()).isEqualTo(1);
            assertThat(in.readableBytes()).isZero();
        } finally {
            in.release();
        }
    }

    /** Random corruptions of valid frames: decode may accept them or reject them, but only in the agreed way. */
    @Test
    void randomlyCorruptedFramesNeverThrowAnythingButRemotingCommandException() {
        RemotingCommand cmd = Frames.command(310, 42, 475);
        cmd.setRemark("remark ü");
        cmd.addExtField("topic", "TopicTest");
        cmd.addExtField("i", "UNIQ_KEY\u0001ABC");
        cmd.addExtField("queueId", "3");
        cmd.setBody(utf8("hello"));
        List<byte[]> seeds = List.of(
                strip(Frames.encode(cmd, SerializeType.JSON)),
                strip(Frames.encode(cmd, SerializeType.ROCKETMQ)));
        Random random = new Random(20240925L);
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] seed = seeds.get(round % seeds.size());
            byte[] frame = mutate(seed, random);
            try {
                Frames.decode(frame);
                accepted++;
            } catch (RemotingCommandException expected) {
                rejected++;
            } catch (Throwable t) {
                fail("round " + round + ": " + t + " for frame " + Arrays.toString(frame), t);
            }
        }
        assertThat(accepted).isPositive();
        assertThat(rejected).isPositive();
    }

    private static byte[] strip(byte[] frameWithLength) {
        return Arrays.copyOfRange(frameWithLength, 4, frameWithLength.length);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] frame = seed.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> frame = Arrays.copyOf(frame, random.nextInt(frame.length));
            case 2 -> {
                // Keep the type word, corrupt one length-like spot inside the header with an extreme value.
                int at = 4 + random.nextInt(Math.max(1, frame.length - 8));
                byte[] extreme = int32(random.nextBoolean() ? 0x7FFF_FFFF : 0x8000_0000 | random.nextInt());
                System.arraycopy(extreme, 0, frame, at, Math.min(4, frame.length - at));
            }
            default -> {
                int length = random.nextInt(64);
                frame = new byte[length];
                random.nextBytes(frame);
                if (length >= 4) {
                    frame[0] = (byte) random.nextInt(2);
                    frame[1] = 0;
                    frame[2] = 0;
                    frame[3] = (byte) random.nextInt(length - 3);
                }
            }
        }
        return frame;
    }
}
