package dev.remoting.codec;

import dev.remoting.exception.RemotingCommandException;
import java.lang.reflect.Type;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bodies as the JSON RocketMQ writes and reads ({@code RemotingSerializable}, fastjson): getters and setters, enums by
 * name, dates as epoch milliseconds, unknown properties ignored, and map keys that fastjson writes unquoted (a
 * {@code Map<Long, String>} comes out as <code>{0:"host:port"}</code>) accepted. Needs Jackson 3's databind on the
 * class path, which every Spring Boot 4 application has.
 */
public final class JacksonBodyCodec implements BodyCodec {

    private final JsonMapper mapper;

    /** A codec with the RocketMQ-compatible mapper described above. */
    public JacksonBodyCodec() {
        this(rocketMqCompatibleMapper());
    }

    /** A codec with the caller's mapper, which then decides what the JSON looks like. */
    public JacksonBodyCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** Returns a builder of the mapper this codec uses by default, to adjust it without losing RocketMQ's form. */
    public static JsonMapper.Builder rocketMqCompatibleMapperBuilder() {
        // Jackson 2's defaults are fastjson's on what matters here: dates as timestamps, no failure on empty beans.
        return JsonMapper.builderWithJackson2Defaults()
                .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static JsonMapper rocketMqCompatibleMapper() {
        return rocketMqCompatibleMapperBuilder().build();
    }

    @Override
    public byte[] encode(Object body) {
        try {
            return this.mapper.writeValueAsBytes(body);
        } catch (JacksonException ex) {
            // No class name in the message: a handler's failure message becomes the remark its peer reads.
            throw new IllegalArgumentException("body cannot be written as JSON", ex);
        }
    }

    @Override
    public Object decode(byte[] body, Type type) throws RemotingCommandException {
        JavaType javaType = this.mapper.constructType(type);
        try {
            Object value = this.mapper.readValue(body, javaType);
            if (value == null) {
                throw new RemotingCommandException("body is JSON null, expected a value");
            }
            return value;
        } catch (JacksonException ex) {
            // The message goes back to the peer as the remark, so it says where, not which of our classes; the
            // cause keeps Jackson's full account for this side's log.
            TokenStreamLocation at = ex.getLocation();
            throw new RemotingCommandException("body is not JSON of the expected shape"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), ex);
        }
    }
}
