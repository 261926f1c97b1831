package dev.remoting.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * The hand-written JSON header writer must produce exactly what a Jackson generator (configured as fastjson writes:
 * raw UTF-8, supplementary characters unescaped) produces for the same header.
 */
class JsonHeaderWriterTest {

    private static final JsonFactory JACKSON = JsonFactory.builderWithJackson2Defaults()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    @Test
    void writesTheSameBytesAsJacksonForRandomHeaders() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            RemotingCommand cmd = randomCommand(random);
            assertThat(hex(ours(cmd))).as("command %s", cmd).isEqualTo(hex(jackson(cmd)));
        }
    }

    @Test
    void writesIntegersAtTheirLimits() throws Exception {
        for (int value : new int[] {0, 9, 10, -1, -10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE,
                Integer.MIN_VALUE + 1}) {
            RemotingCommand cmd = RemotingCommand.createRequestCommand(value, null);
            cmd.setOpaque(value);
            cmd.setVersion(value);
            cmd.setFlag(value);
            assertThat(hex(ours(cmd))).isEqualTo(hex(jackson(cmd)));
        }
    }

    @Test
    void keepsALoneSurrogateAsAnEscapeThatDecodesBack() throws Exception {
        RemotingCommand cmd = RemotingCommand.createResponseCommand(0, "bad \uD800 pair");
        ByteBuf out = Unpooled.buffer();
        try {
            JsonHeaderWriter.write(cmd, out);
            RemotingCommand decoded = new RemotingCommand();
            JsonHeaderCodec.decode(out, decoded);
            assertThat(decoded.getRemark()).isEqualTo("bad \uD800 pair");
        } finally {
            out.release();
        }
    }

    private static RemotingCommand randomCommand(Random random) {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(random.nextInt(), null);
        cmd.setOpaque(random.nextInt());
        cmd.setFlag(random.nextInt(4));
        cmd.setVersion(random.nextInt(1000));
        LanguageCode[] languages = LanguageCode.values();
        cmd.setLanguage(random.nextInt(20) == 0 ? null : languages[random.nextInt(languages.length)]);
        if (random.nextBoolean()) {
            cmd.setRemark(randomText(random));
        }
        if (random.nextBoolean()) {
            HashMap<String, String> ext = new HashMap<>();
            int n = random.nextInt(5);
            for (int j = 0; j < n; j++) {
                ext.put(randomText(random), randomText(random));
            }
            cmd.setExtFields(ext);
        }
        return cmd;
    }

    /** Text from every character class that matters: ASCII, controls, quotes, 2- and 3-byte, surrogate pairs. */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(7)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append(random.nextBoolean() ? '"' : '\\');
                case 2 -> text.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> text.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
                case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0x10000));
                case 5 -> text.append((char) 0x7F);
                default -> text.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return text.toString();
    }

    private static byte[] ours(RemotingCommand cmd) {
        ByteBuf out = Unpooled.buffer();
        try {
            JsonHeaderWriter.write(cmd, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    private static byte[] jackson(RemotingCommand cmd) throws Exception {
        ByteBuf out = Unpooled.buffer();
        try (JsonGenerator gen = JACKSON.createGenerator(ObjectWriteContext.empty(),
                (OutputStream) new ByteBufOutputStream(out))) {
            gen.writeStartObject();
            gen.writeNumberProperty("code", cmd.getCode());
            if (cmd.getExtFields() != null) {
                gen.writeObjectPropertyStart("extFields");
                for (Map.Entry<String, String> e : cmd.getExtFields().entrySet()) {
                    gen.writeStringProperty(e.getKey(), e.getValue());
                }
                gen.writeEndObject();
            }
            gen.writeNumberProperty("flag", cmd.getFlag());
            gen.writeStringProperty("language", cmd.getLanguage() == null ? null : cmd.getLanguage().name());
            gen.writeNumberProperty("opaque", cmd.getOpaque());
            if (cmd.getRemark() != null) {
                gen.writeStringProperty("remark", cmd.getRemark());
            }
            gen.writeStringProperty("serializeTypeCurrentRPC", "JSON");
            gen.writeNumberProperty("version", cmd.getVersion());
            gen.writeEndObject();
        }
        try {
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    private static String hex(byte[] bytes) {
        return io.netty.buffer.ByteBufUtil.hexDump(bytes);
    }
}
