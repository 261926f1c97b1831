package dev.remoting.protocol;

import dev.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.HashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * The JSON header (serialize type 0). Keys are written in the order RocketMQ's fastjson writes them (sorted), with
 * {@code remark} and {@code extFields} left out when null; reading is as lenient as fastjson's.
 */
final class JsonHeaderCodec {

    // Jackson 2's defaults (Jackson 3 escapes '/' when writing, for one) keep nested values' text as before.
    private static final JsonFactory JSON = JsonFactory.builderWithJackson2Defaults()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private JsonHeaderCodec() {
    }

    static void encode(RemotingCommand cmd, ByteBuf out) {
        JsonHeaderWriter.write(cmd, out);
    }

    static void decode(ByteBuf header, RemotingCommand cmd) throws RemotingCommandException {
        decode(header, cmd, Integer.MAX_VALUE);
    }

    /** Decodes, failing at the {@code extFields} entry that would be one more than {@code maxExtFields}. */
    static void decode(ByteBuf header, RemotingCommand cmd, int maxExtFields) throws RemotingCommandException {
        if (!JsonHeaderReader.tryRead(header, cmd, maxExtFields)) {
            decodeLenient(header, cmd, maxExtFields);
        }
    }

    static void decodeLenient(ByteBuf header, RemotingCommand cmd) throws RemotingCommandException {
        decodeLenient(header, cmd, Integer.MAX_VALUE);
    }

    /** The full parser: any valid JSON object, with fastjson's leniency; it also words the errors. */
    static void decodeLenient(ByteBuf header, RemotingCommand cmd, int maxExtFields)
            throws RemotingCommandException {
        InputStream in = new ByteBufInputStream(header);
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RemotingCommandException("JSON header is not an object");
            }
            boolean sawOpaque = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                sawOpaque |= name.equals("opaque");
                JsonToken value = p.nextToken();
                switch (name) {
                    case "code" -> cmd.setCode(readInt(p, value, name));
                    case "flag" -> cmd.setFlag(readInt(p, value, name));
                    case "opaque" -> cmd.setOpaque(readInt(p, value, name));
                    case "version" -> cmd.setVersion(readInt(p, value, name));
                    case "language" -> cmd.setLanguage(readLanguage(p, value));
                    case "remark" -> cmd.setRemark(readRemark(p, value));
                    case "extFields" -> cmd.setExtFields(readExtFields(p, value, maxExtFields));
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new RemotingCommandException("JSON header is truncated");
            }
            if (!sawOpaque) {
                // As RocketMQ: a header without an opaque gets a fresh local one, not 0.
                cmd.renewOpaque();
            }
            if (p.nextToken() != null) {
                // fastjson rejects this too ("not close json text").
                throw new RemotingCommandException("JSON header has content after its object");
            }
        } catch (JacksonException e) {
            throw new RemotingCommandException("bad JSON header: " + e.getOriginalMessage(), e);
        }
    }

    private static int readInt(JsonParser p, JsonToken token, String name) throws RemotingCommandException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Integer.parseInt(p.getString().trim());
            } catch (NumberFormatException e) {
                throw new RemotingCommandException("JSON header field " + name + " is not a number: " + p.getString());
            }
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw new RemotingCommandException("JSON header field " + name + " is not a number");
    }

    private static @Nullable String readRemark(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            // Consume the whole value (as fastjson does, keeping its text) so the keys after it are still read.
            return nestedText(p);
        }
        return p.getValueAsString();
    }

    private static @Nullable LanguageCode readLanguage(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            int code = p.getIntValue();
            return code >= Byte.MIN_VALUE && code <= Byte.MAX_VALUE ? LanguageCode.valueOf((byte) code) : null;
        }
        if (token == JsonToken.VALUE_STRING) {
            return LanguageCode.fromName(p.getString());
        }
        p.skipChildren();
        return null;
    }

    private static @Nullable HashMap<String, @Nullable String> readExtFields(JsonParser p, JsonToken token,
            int maxExtFields) throws RemotingCommandException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new RemotingCommandException("JSON header field extFields is not an object");
        }
        HashMap<String, @Nullable String> fields = new HashMap<>();
        int entries = 0;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            if (entries++ == maxExtFields) {
                throw RocketMQHeaderCodec.tooManyExtFields(maxExtFields);
            }
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                // fastjson turns nested values into their JSON text; keep the text so nothing is lost.
                fields.put(key, nestedText(p));
            } else if (value != JsonToken.VALUE_NULL) {
                fields.put(key, p.getString());
            }
        }
        return fields;
    }

    private static String nestedText(JsonParser p) {
        StringWriter text = new StringWriter();
        try (JsonGenerator gen = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            int depth = 0;
            do {
                JsonToken token = p.currentToken();
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    // Numbers keep the peer's text: re-rendered, "1e6" would become "1000000.0", and a header could
                    // decode into more text than it had bytes.
                    gen.writeNumber(p.getString());
                } else {
                    gen.copyCurrentEvent(p);
                }
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            } while (depth > 0 && p.nextToken() != null);
        }
        return text.toString();
    }
}
