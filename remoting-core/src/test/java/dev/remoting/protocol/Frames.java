package dev.remoting.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Byte-array helpers for the protocol tests. Every buffer made here is released before the method returns, so the
 * tests themselves only ever handle plain arrays.
 */
final class Frames {

    private Frames() {
    }

    /** A command with the fields RocketMQ's no-argument constructor would not pin down, set explicitly. */
    static RemotingCommand command(int code, int opaque, int version) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.setCode(code);
        cmd.setOpaque(opaque);
        cmd.setVersion(version);
        cmd.setLanguage(LanguageCode.JAVA);
        return cmd;
    }

    /** Encodes a whole frame, length word included, and checks that the length word counts what follows it. */
    static byte[] encode(RemotingCommand cmd, SerializeType type) {
        ByteBuf out = Unpooled.buffer();
        try {
            RemotingCommandCodec.encode(cmd, type, out);
            byte[] frame = ByteBufUtil.getBytes(out);
            assertThat(frame.length).isGreaterThanOrEqualTo(8);
            assertThat(intAt(frame, 0)).as("length word").isEqualTo(frame.length - 4);
            return frame;
        } finally {
            out.release();
        }
    }

    /** Decodes a whole frame (length word included), as the transport hands it over after framing. */
    static RemotingCommand decodeFrame(byte[] frameWithLength) throws RemotingCommandException {
        assertThat(intAt(frameWithLength, 0)).as("length word").isEqualTo(frameWithLength.length - 4);
        return decode(Arrays.copyOfRange(frameWithLength, 4, frameWithLength.length));
    }

    /** Decodes a frame that starts at the type word (the length word already stripped). */
    static RemotingCommand decode(byte[] frameWithoutLength) throws RemotingCommandException {
        ByteBuf in = Unpooled.wrappedBuffer(frameWithoutLength);
        try {
            RemotingCommand cmd = RemotingCommandCodec.decode(in);
            assertThat(in.isReadable()).as("decode consumes the whole frame").isFalse();
            return cmd;
        } finally {
            in.release();
        }
    }

    /** Asserts that every wire-visible field of {@code actual} equals the one of {@code expected}. */
    static void assertSameFields(RemotingCommand actual, RemotingCommand expected) {
        assertThat(actual.getCode()).as("code").isEqualTo(expected.getCode());
        assertThat(actual.getLanguage()).as("language").isEqualTo(expected.getLanguage());
        assertThat(actual.getVersion()).as("version").isEqualTo(expected.getVersion());
        assertThat(actual.getOpaque()).as("opaque").isEqualTo(expected.getOpaque());
        assertThat(actual.getFlag()).as("flag").isEqualTo(expected.getFlag());
        assertThat(actual.getRemark()).as("remark").isEqualTo(expected.getRemark());
        assertThat(actual.getExtFields()).as("extFields").isEqualTo(expected.getExtFields());
        assertThat(actual.getBody()).as("body").isEqualTo(expected.getBody());
    }

    static RemotingCommand roundTrip(RemotingCommand cmd, SerializeType type) throws RemotingCommandException {
        return decodeFrame(encode(cmd, type));
    }

    /** The serialize-type byte: the first byte after the length word. */
    static int typeByte(byte[] frameWithLength) {
        return frameWithLength[4] & 0xFF;
    }

    static int headerLength(byte[] frameWithLength) {
        return intAt(frameWithLength, 4) & 0xFFFFFF;
    }

    static byte[] header(byte[] frameWithLength) {
        return Arrays.copyOfRange(frameWithLength, 8, 8 + headerLength(frameWithLength));
    }

    static String headerText(byte[] frameWithLength) {
        return new String(header(frameWithLength), StandardCharsets.UTF_8);
    }

    static byte[] body(byte[] frameWithLength) {
        return Arrays.copyOfRange(frameWithLength, 8 + headerLength(frameWithLength), frameWithLength.length);
    }

    static int intAt(byte[] bytes, int index) {
        return ((bytes[index] & 0xFF) << 24) | ((bytes[index + 1] & 0xFF) << 16) | ((bytes[index + 2] & 0xFF) << 8)
                | (bytes[index + 3] & 0xFF);
    }

    /** Hex digits, with spaces, '|' and line breaks allowed for readability. */
    static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replaceAll("[\\s|]", ""));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] int16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A frame without its length word: type word, header bytes, then the body. */
    static byte[] frameWithoutLength(int type, byte[] header, byte[] body) {
        return concat(int32((type << 24) | header.length), header, body);
    }

    /** A whole frame, length word included, around the given header and body. */
    static byte[] frame(int type, byte[] header, byte[] body) {
        byte[] rest = frameWithoutLength(type, header, body);
        return concat(int32(rest.length), rest);
    }

    /** A JSON-type frame without its length word, around the given header text. */
    static byte[] jsonFrame(String headerText) {
        return frameWithoutLength(0, utf8(headerText), new byte[0]);
    }
}
