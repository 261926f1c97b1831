package dev.remoting.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast JSON header reader must agree with the lenient parser on everything it accepts, accept what fastjson and
 * our writer produce, and leave the command untouched when it gives up.
 */
class JsonHeaderReaderTest {

    @Test
    void acceptsWhatTheWriterProducesAndAgreesWithTheLenientParser() throws Exception {
        Random random = new Random(7);
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            RemotingCommand original = RemotingCommand.createRequestCommand(random.nextInt(), null);
            original.setOpaque(random.nextInt());
            original.setFlag(random.nextInt(4));
            original.setVersion(random.nextInt(1000) - 10);
            if (random.nextBoolean()) {
                original.setRemark(random.nextInt(4) == 0 ? "with \"quote\"" : "remark " + random.nextInt() + " ü");
            }
            if (random.nextBoolean()) {
                original.addExtField("topic", "Topic" + random.nextInt(100));
                original.addExtField("queueId", String.valueOf(random.nextInt(8)));
            }
            byte[] json = write(original);
            RemotingCommand fast = new RemotingCommand();
            boolean ok = tryFast(json, fast);
            boolean hasEscape = new String(json, StandardCharsets.UTF_8).contains("\\");
            assertThat(ok).as("accepted %s", new String(json, StandardCharsets.UTF_8)).isEqualTo(!hasEscape);
            if (ok) {
                accepted++;
                assertSameFields(fast, lenient(json));
            }
        }
        assertThat(accepted).isGreaterThan(3_000);
    }

    @Test
    void acceptsRocketMQsGoldenRequest() throws Exception {
        byte[] json = ("{\"code\":105,\"extFields\":{\"topic\":\"TopicTest\"},\"flag\":0,\"language\":\"JAVA\","
                + "\"opaque\":1,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":475}")
                .getBytes(StandardCharsets.UTF_8);
        RemotingCommand fast = new RemotingCommand();
        assertThat(tryFast(json, fast)).isTrue();
        assertThat(fast.getCode()).isEqualTo(105);
        assertThat(fast.getVersion()).isEqualTo(475);
        assertThat(fast.getExtFields()).containsEntry("topic", "TopicTest");
        assertSameFields(fast, lenient(json));
    }

    @Test
    void whateverItAcceptsFromMutatedInputTheLenientParserReadsTheSame() throws Exception {
        byte[] base = ("{\"code\":310,\"extFields\":{\"a\":\"PG\",\"b\":\"TopicTest\"},\"flag\":0,\"language\":"
                + "\"JAVA\",\"opaque\":42,\"remark\":\"ok\",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":475}")
                .getBytes(StandardCharsets.UTF_8);
        Random random = new Random(11);
        byte[] alphabet = "{}[]\":,.-+0123456789eEnulltrueJAVA \\x".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 20_000; i++) {
            byte[] json = base.clone();
            for (int m = random.nextInt(3) + 1; m > 0; m--) {
                json[random.nextInt(json.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            RemotingCommand fast = new RemotingCommand();
            RemotingCommand untouched = new RemotingCommand();
            untouched.setOpaque(fast.getOpaque());
            if (tryFast(json, fast)) {
                assertSameFields(fast, lenient(json));
            } else {
                assertSameFields(fast, untouched);
            }
        }
    }

    private static void assertSameFields(RemotingCommand actual, RemotingCommand expected) {
        assertThat(actual.getCode()).isEqualTo(expected.getCode());
        assertThat(actual.getFlag()).isEqualTo(expected.getFlag());
        assertThat(actual.getOpaque()).isEqualTo(expected.getOpaque());
        assertThat(actual.getVersion()).isEqualTo(expected.getVersion());
        assertThat(actual.getLanguage()).isEqualTo(expected.getLanguage());
        assertThat(actual.getRemark()).isEqualTo(expected.getRemark());
        assertThat(actual.getExtFields()).isEqualTo(expected.getExtFields());
    }

    private static boolean tryFast(byte[] json, RemotingCommand cmd) {
        ByteBuf in = Unpooled.wrappedBuffer(json);
        try {
            return JsonHeaderReader.tryRead(in, cmd);
        } finally {
            in.release();
        }
    }

    private static RemotingCommand lenient(byte[] json) throws Exception {
        ByteBuf in = Unpooled.wrappedBuffer(json);
        try {
            RemotingCommand cmd = new RemotingCommand();
            JsonHeaderCodec.decodeLenient(in, cmd);
            return cmd;
        } finally {
            in.release();
        }
    }

    private static byte[] write(RemotingCommand cmd) {
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
}
