package dev.remoting.protocol;

import dev.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * RocketMQ's binary header (serialize type 1). Every length read from the wire is checked against the bytes that
 * are actually left in the header before anything is allocated for it.
 */
final class RocketMQHeaderCodec {

    /** code(2) + language(1) + version(2) + opaque(4) + flag(4) + remark length(4) + extFields length(4). */
    static final int FIXED_LENGTH = 21;

    private RocketMQHeaderCodec() {
    }

    /** Whether a command can travel in this header: code and version are int16 on the wire. */
    static boolean fits(RemotingCommand cmd) {
        return isShort(cmd.getCode()) && isShort(cmd.getVersion());
    }

    private static boolean isShort(int value) {
        return value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
    }

    static void encode(RemotingCommand cmd, ByteBuf out) {
        out.writeShort(cmd.getCode());
        out.writeByte(cmd.getLanguage() == null ? LanguageCode.OTHER.getCode() : cmd.getLanguage().getCode());
        out.writeShort(cmd.getVersion());
        out.writeInt(cmd.getOpaque());
        out.writeInt(cmd.getFlag());
        String remark = cmd.getRemark();
        if (remark == null || remark.isEmpty()) {
            out.writeInt(0);
        } else {
            writeWithLength(out, remark, 4);
        }
        Map<String, @Nullable String> extFields = cmd.getExtFields();
        int mapLengthIndex = out.writerIndex();
        out.writeInt(0);
        if (extFields != null) {
            for (Map.Entry<String, @Nullable String> e : extFields.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                writeWithLength(out, e.getKey(), 2);
                writeWithLength(out, e.getValue(), 4);
            }
            out.setInt(mapLengthIndex, out.writerIndex() - mapLengthIndex - 4);
        }
    }

    /** Writes a UTF-8 string after a length prefix of 2 or 4 bytes, encoding straight into the buffer. */
    private static void writeWithLength(ByteBuf out, String text, int prefix) {
        int lengthIndex = out.writerIndex();
        out.writeZero(prefix); // placeholder, patched below; grows the buffer if needed
        int length = ByteBufUtil.writeUtf8(out, text);
        if (prefix == 2) {
            if (length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("extFields key longer than 32767 bytes cannot be encoded");
            }
            out.setShort(lengthIndex, length);
        } else {
            out.setInt(lengthIndex, length);
        }
    }

    /** Decodes, failing at the {@code extFields} entry that would be one more than {@code maxExtFields}. */
    static void decode(ByteBuf header, RemotingCommand cmd, int maxExtFields) throws RemotingCommandException {
        if (header.readableBytes() < FIXED_LENGTH) {
            throw new RemotingCommandException(
                    "truncated ROCKETMQ header: " + header.readableBytes() + " bytes, at least " + FIXED_LENGTH
                            + " needed");
        }
        cmd.setCode(header.readShort());
        cmd.setLanguage(LanguageCode.valueOf(header.readByte()));
        cmd.setVersion(header.readShort());
        cmd.setOpaque(header.readInt());
        cmd.setFlag(header.readInt());
        int remarkLength = readLength(header, "remark", 4);
        if (remarkLength > 0) {
            cmd.setRemark(header.readCharSequence(remarkLength, StandardCharsets.UTF_8).toString());
        }
        int mapLength = readLength(header, "extFields", 4);
        if (mapLength > 0) {
            cmd.setExtFields(decodeMap(header.readSlice(mapLength), maxExtFields));
        }
        if (header.isReadable()) {
            throw new RemotingCommandException(
                    "ROCKETMQ header has " + header.readableBytes() + " unexpected trailing bytes");
        }
    }

    private static HashMap<String, @Nullable String> decodeMap(ByteBuf map, int maxExtFields)
            throws RemotingCommandException {
        HashMap<String, @Nullable String> fields = new HashMap<>();
        int entries = 0;
        while (map.isReadable()) {
            if (entries++ == maxExtFields) {
                throw tooManyExtFields(maxExtFields);
            }
            int keyLength = readLength(map, "extFields key", 2);
            String key = map.readCharSequence(keyLength, StandardCharsets.UTF_8).toString();
            int valueLength = readLength(map, "extFields value", 4);
            fields.put(key, map.readCharSequence(valueLength, StandardCharsets.UTF_8).toString());
        }
        return fields;
    }

    /** The failure of a header with more {@code extFields} entries than allowed, worded alike for both codecs. */
    static RemotingCommandException tooManyExtFields(int maxExtFields) {
        return new RemotingCommandException("decode error, header has more than " + maxExtFields
                + " extFields entries");
    }

    private static int readLength(ByteBuf in, String what, int width) throws RemotingCommandException {
        if (in.readableBytes() < width) {
            throw new RemotingCommandException("truncated ROCKETMQ header: no room for the " + what + " length");
        }
        int length = width == 2 ? in.readShort() : in.readInt();
        if (length < 0 || length > in.readableBytes()) {
            throw new RemotingCommandException("ROCKETMQ header " + what + " length " + length
                    + " exceeds the " + in.readableBytes() + " bytes left");
        }
        return length;
    }
}
