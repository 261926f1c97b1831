package dev.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the JSON header straight into the frame buffer: the keys are fixed and their bytes precomputed, so a header
 * costs no generator, no intermediate text and no per-call garbage beyond what the values themselves need. Output is
 * byte-identical to the Jackson generator it replaces: short escapes for {@code \b \t \n \f \r}, {@code \\u00XX} for
 * other control characters, {@code \"} and {@code \\}, everything else as raw UTF-8 (as fastjson writes it).
 */
final class JsonHeaderWriter {

    private static final byte[] CODE = ascii("{\"code\":");
    private static final byte[] EXT_FIELDS = ascii(",\"extFields\":{");
    private static final byte[] FLAG_AFTER_EXT = ascii("},\"flag\":");
    private static final byte[] FLAG = ascii(",\"flag\":");
    private static final byte[] LANGUAGE = ascii(",\"language\":");
    private static final byte[] OPAQUE = ascii(",\"opaque\":");
    private static final byte[] REMARK = ascii(",\"remark\":");
    private static final byte[] SERIALIZE_TYPE_AND_VERSION =
            ascii(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    private static final byte[][] LANGUAGES = languages();

    private JsonHeaderWriter() {
    }

    static void write(RemotingCommand cmd, ByteBuf out) {
        out.writeBytes(CODE);
        writeInt(out, cmd.getCode());
        Map<String, @Nullable String> extFields = cmd.getExtFields();
        if (extFields != null) {
            out.writeBytes(EXT_FIELDS);
            boolean first = true;
            for (Map.Entry<String, @Nullable String> e : extFields.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                writeString(out, e.getKey());
                out.writeByte(':');
                writeString(out, e.getValue());
            }
            out.writeBytes(FLAG_AFTER_EXT);
        } else {
            out.writeBytes(FLAG);
        }
        writeInt(out, cmd.getFlag());
        out.writeBytes(LANGUAGE);
        LanguageCode language = cmd.getLanguage();
        out.writeBytes(language == null ? NULL : LANGUAGES[language.ordinal()]);
        out.writeBytes(OPAQUE);
        writeInt(out, cmd.getOpaque());
        if (cmd.getRemark() != null) {
            out.writeBytes(REMARK);
            writeString(out, cmd.getRemark());
        }
        out.writeBytes(SERIALIZE_TYPE_AND_VERSION);
        writeInt(out, cmd.getVersion());
        out.writeByte('}');
    }

    /** Writes a decimal int without making a String. */
    static void writeInt(ByteBuf out, int value) {
        if (value == Integer.MIN_VALUE) {
            out.writeBytes(ascii("-2147483648"));
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        if (value < 10) {
            out.writeByte('0' + value);
            return;
        }
        int digits = 1;
        for (int v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1; i >= end - digits; i--) {
            out.setByte(i, '0' + value % 10);
            value /= 10;
        }
        out.writerIndex(end);
    }

    static void writeString(ByteBuf out, String value) {
        out.writeByte('"');
        if (needsEscaping(value)) {
            writeEscaped(out, value);
        } else {
            ByteBufUtil.writeUtf8(out, value);
        }
        out.writeByte('"');
    }

    private static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static void writeEscaped(ByteBuf out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.writeByte('\\').writeByte('"');
                case '\\' -> out.writeByte('\\').writeByte('\\');
                case '\b' -> out.writeByte('\\').writeByte('b');
                case '\t' -> out.writeByte('\\').writeByte('t');
                case '\n' -> out.writeByte('\\').writeByte('n');
                case '\f' -> out.writeByte('\\').writeByte('f');
                case '\r' -> out.writeByte('\\').writeByte('r');
                default -> {
                    if (c < 0x20) {
                        writeUnicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        int codePoint = Character.toCodePoint(c, value.charAt(++i));
                        out.writeByte(0xF0 | (codePoint >> 18));
                        out.writeByte(0x80 | ((codePoint >> 12) & 0x3F));
                        out.writeByte(0x80 | ((codePoint >> 6) & 0x3F));
                        out.writeByte(0x80 | (codePoint & 0x3F));
                    } else if (Character.isSurrogate(c)) {
                        // A lone surrogate has no UTF-8 form; the escape keeps the JSON valid and the text intact.
                        writeUnicodeEscape(out, c);
                    } else if (c < 0x80) {
                        out.writeByte(c);
                    } else if (c < 0x800) {
                        out.writeByte(0xC0 | (c >> 6));
                        out.writeByte(0x80 | (c & 0x3F));
                    } else {
                        out.writeByte(0xE0 | (c >> 12));
                        out.writeByte(0x80 | ((c >> 6) & 0x3F));
                        out.writeByte(0x80 | (c & 0x3F));
                    }
                }
            }
        }
    }

    private static void writeUnicodeEscape(ByteBuf out, char c) {
        out.writeByte('\\').writeByte('u');
        out.writeByte(HEX[(c >> 12) & 0xF]).writeByte(HEX[(c >> 8) & 0xF]);
        out.writeByte(HEX[(c >> 4) & 0xF]).writeByte(HEX[c & 0xF]);
    }

    private static byte[][] languages() {
        LanguageCode[] values = LanguageCode.values();
        byte[][] names = new byte[values.length][];
        for (LanguageCode language : values) {
            names[language.ordinal()] = ascii("\"" + language.name() + "\"");
        }
        return names;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
