package dev.remoting.protocol;

import dev.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON header in the compact form that RocketMQ's fastjson and our own writer produce — no white space,
 * known keys, integer numbers, strings without escapes — straight from the buffer, with no parser to set up. Anything
 * else (white space, escapes, unknown keys, numbers as strings, nested values, malformed input) makes it give up
 * without touching the command, and the caller falls back to the lenient Jackson parser, which also produces the
 * error message for input that is not valid.
 */
final class JsonHeaderReader {

    /** Marks, in place of the map, that the header has more extFields than allowed; never handed out. */
    private static final HashMap<String, @Nullable String> TOO_MANY_EXT_FIELDS = new HashMap<>();

    private final ByteBuf in;
    private int pos;
    private final int end;

    private int code;
    private int flag;
    private int opaque;
    private int version;
    private @Nullable LanguageCode language;
    private @Nullable String remark;
    private @Nullable HashMap<String, @Nullable String> extFields;
    private int lastInt;

    /** Starts from the command's current values, so that absent keys leave them as the lenient parser does. */
    private JsonHeaderReader(ByteBuf in, RemotingCommand cmd) {
        this.in = in;
        this.pos = in.readerIndex();
        this.end = in.writerIndex();
        this.code = cmd.getCode();
        this.flag = cmd.getFlag();
        this.version = cmd.getVersion();
        this.language = cmd.getLanguage();
        this.remark = cmd.getRemark();
        this.extFields = cmd.getExtFields();
    }

    /** Decodes into the command and returns true, or returns false having changed nothing. */
    static boolean tryRead(ByteBuf header, RemotingCommand cmd) {
        try {
            return tryRead(header, cmd, Integer.MAX_VALUE);
        } catch (RemotingCommandException e) {
            throw new AssertionError("no extFields limit to exceed", e);
        }
    }

    /**
     * Decodes into the command and returns true, or returns false having changed nothing; fails, having changed
     * nothing, at the {@code extFields} entry that would be one more than {@code maxExtFields}.
     */
    static boolean tryRead(ByteBuf header, RemotingCommand cmd, int maxExtFields) throws RemotingCommandException {
        // The limit is a parameter rather than a field: this object is made for every JSON header, and one more
        // field would make it 8 bytes larger.
        JsonHeaderReader reader = new JsonHeaderReader(header, cmd);
        if (!reader.readObject(maxExtFields)) {
            if (reader.extFields == TOO_MANY_EXT_FIELDS) {
                throw RocketMQHeaderCodec.tooManyExtFields(maxExtFields);
            }
            return false;
        }
        cmd.setCode(reader.code);
        cmd.setFlag(reader.flag);
        cmd.setOpaque(reader.opaque);
        cmd.setVersion(reader.version);
        cmd.setLanguage(reader.language);
        cmd.setRemark(reader.remark);
        cmd.setExtFields(reader.extFields);
        header.readerIndex(reader.end);
        return true;
    }

    private boolean readObject(int maxExtFields) {
        // Missing keys keep the values a fresh command has, as with the lenient parser; the opaque must be present.
        boolean sawOpaque = false;
        if (!expect('{')) {
            return false;
        }
        if (peek() == '}') {
            return false;
        }
        while (true) {
            String key = readPlainString();
            if (key == null || !expect(':')) {
                return false;
            }
            switch (key) {
                case "code" -> {
                    if (!readInt()) {
                        return false;
                    }
                    code = lastInt;
                }
                case "flag" -> {
                    if (!readInt()) {
                        return false;
                    }
                    flag = lastInt;
                }
                case "opaque" -> {
                    if (!readInt()) {
                        return false;
                    }
                    opaque = lastInt;
                    sawOpaque = true;
                }
                case "version" -> {
                    if (!readInt()) {
                        return false;
                    }
                    version = lastInt;
                }
                case "language" -> {
                    String name = readPlainString();
                    if (name == null) {
                        return false;
                    }
                    language = LanguageCode.fromName(name);
                }
                case "remark" -> {
                    if (readNull()) {
                        remark = null;
                    } else if ((remark = readPlainString()) == null) {
                        return false;
                    }
                }
                case "extFields" -> {
                    if (readNull()) {
                        extFields = null;
                    } else if (!readExtFields(maxExtFields)) {
                        return false;
                    }
                }
                case "serializeTypeCurrentRPC" -> {
                    if (readPlainString() == null) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
            int c = next();
            if (c == '}') {
                return pos == end && sawOpaque;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    /** Reads the map; gives up with {@link #TOO_MANY_EXT_FIELDS} as the map at the entry over the limit. */
    private boolean readExtFields(int maxExtFields) {
        if (!expect('{')) {
            return false;
        }
        HashMap<String, @Nullable String> fields = new HashMap<>();
        if (peek() == '}') {
            pos++;
            extFields = fields;
            return true;
        }
        int entries = 0;
        while (true) {
            if (entries++ == maxExtFields) {
                extFields = TOO_MANY_EXT_FIELDS;
                return false;
            }
            String key = readPlainString();
            if (key == null || !expect(':')) {
                return false;
            }
            String value = readPlainString();
            if (value == null) {
                return false;
            }
            fields.put(key, value);
            int c = next();
            if (c == '}') {
                extFields = fields;
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private boolean readInt() {
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        int start = pos;
        long value = 0;
        while (pos < end) {
            int c = in.getByte(pos);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            if (value > (long) Integer.MAX_VALUE + 1) {
                return false;
            }
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || (digits > 1 && in.getByte(start) == '0')) {
            return false;
        }
        value = negative ? -value : value;
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            return false;
        }
        int c = peek();
        if (c == '.' || c == 'e' || c == 'E') {
            return false;
        }
        lastInt = (int) value;
        return true;
    }

    /** Reads a string that has no escapes (null otherwise, or when the next value is not a string). */
    private @Nullable String readPlainString() {
        if (!expect('"')) {
            return null;
        }
        int start = pos;
        boolean ascii = true;
        while (pos < end) {
            byte c = in.getByte(pos);
            if (c == '"') {
                if (!ascii && !ByteBufUtil.isText(in, start, pos - start, StandardCharsets.UTF_8)) {
                    // Malformed UTF-8: the lenient parser rejects it, as RocketMQ does (no U+FFFD substitution).
                    return null;
                }
                String text = in.toString(start, pos - start, StandardCharsets.UTF_8);
                pos++;
                return text;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return null;
            }
            ascii &= c >= 0;
            pos++;
        }
        return null;
    }

    private boolean readNull() {
        if (end - pos >= 4 && in.getByte(pos) == 'n' && in.getByte(pos + 1) == 'u' && in.getByte(pos + 2) == 'l'
                && in.getByte(pos + 3) == 'l') {
            pos += 4;
            return true;
        }
        return false;
    }

    private boolean expect(char c) {
        if (pos < end && in.getByte(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private int peek() {
        return pos < end ? in.getByte(pos) : -1;
    }

    private int next() {
        return pos < end ? in.getByte(pos++) : -1;
    }
}
