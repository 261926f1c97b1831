package dev.remoting.protocol;

import static dev.remoting.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.annotation.CFNotNull;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.rocketmq.remoting.protocol.header.SendMessageResponseHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-level interoperability with the real RocketMQ 5.3.1 {@code RemotingCommand}: each side decodes what the
 * other encodes, in both serialize types, and simple commands encode to identical bytes.
 */
class RocketMQInteropTest {

    /** RocketMQ's decode takes the frame after the length word, as its NettyDecoder strips it. */
    private static org.apache.rocketmq.remoting.protocol.RemotingCommand theirDecode(byte[] frameWithLength)
            throws Exception {
        return org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
                Arrays.copyOfRange(frameWithLength, 4, frameWithLength.length));
    }

    /** RocketMQ's encode() gives the whole frame, length word included. */
    private static byte[] theirEncode(org.apache.rocketmq.remoting.protocol.RemotingCommand cmd) {
        ByteBuffer buffer = cmd.encode();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static org.apache.rocketmq.remoting.protocol.SerializeType theirType(SerializeType type) {
        return org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name());
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand theirCopy(RemotingCommand ours,
            SerializeType type) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(ours.getCode(), null);
        theirs.setLanguage(org.apache.rocketmq.remoting.protocol.LanguageCode.valueOf(ours.getLanguage().name()));
        theirs.setVersion(ours.getVersion());
        theirs.setOpaque(ours.getOpaque());
        theirs.setFlag(ours.getFlag());
        theirs.setRemark(ours.getRemark());
        theirs.setExtFields(ours.getExtFields() == null ? null : new HashMap<>(ours.getExtFields()));
        theirs.setBody(ours.getBody());
        theirs.setSerializeTypeCurrentRPC(theirType(type));
        return theirs;
    }

    private static void assertSameFields(org.apache.rocketmq.remoting.protocol.RemotingCommand theirs,
            RemotingCommand ours) {
        assertThat(theirs.getCode()).as("code").isEqualTo(ours.getCode());
        assertThat(theirs.getLanguage().name()).as("language").isEqualTo(ours.getLanguage().name());
        assertThat(theirs.getVersion()).as("version").isEqualTo(ours.getVersion());
        assertThat(theirs.getOpaque()).as("opaque").isEqualTo(ours.getOpaque());
        assertThat(theirs.getFlag()).as("flag").isEqualTo(ours.getFlag());
        assertThat(theirs.getRemark()).as("remark").isEqualTo(ours.getRemark());
        assertThat(theirs.getExtFields()).as("extFields").isEqualTo(ours.getExtFields());
        assertThat(theirs.getBody()).as("body").isEqualTo(ours.getBody());
    }

    private static RemotingCommand routeInfo() {
        RemotingCommand cmd = Frames.command(105, 1, 475);
        cmd.addExtField("topic", "TopicTest");
        return cmd;
    }

    private static RemotingCommand busyRequest() {
        RemotingCommand cmd = Frames.command(310, -77, 475);
        cmd.setLanguage(LanguageCode.GO);
        cmd.markOnewayRPC();
        cmd.setRemark("Grüße 你好 🚀 \"quoted\" back\\slash\ttab");
        for (int i = 0; i < 40; i++) {
            cmd.addExtField("k" + i, "v" + i);
        }
        cmd.addExtField("i", "UNIQ_KEY\u0001ABC\u0002WAIT\u0001true\u0002");
        cmd.addExtField("ключ", "значение 🎉");
        byte[] body = new byte[4096];
        new Random(7).nextBytes(body);
        cmd.setBody(body);
        return cmd;
    }

    private static RemotingCommand errorResponse() {
        RemotingCommand cmd = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_ERROR,
                "java.lang.IllegalStateException: boom, Foo.bar(Foo.java:1)");
        cmd.setOpaque(Integer.MAX_VALUE);
        cmd.setVersion(0);
        return cmd;
    }

    private static RemotingCommand responseWithBody() {
        RemotingCommand cmd = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        cmd.setOpaque(Integer.MIN_VALUE);
        cmd.setVersion(-5);
        cmd.setLanguage(LanguageCode.CPP);
        cmd.setFlag(1 | 4 | 1 << 30);
        cmd.addExtField("escapes", "\u0000\u0001\u001f\b\f\n\r\t\"\\/<>&'");
        cmd.setBody(utf8("{\"x\":1}"));
        return cmd;
    }

    private static RemotingCommand bare() {
        RemotingCommand cmd = Frames.command(0, 0, 0);
        cmd.setLanguage(LanguageCode.RUST);
        return cmd;
    }

    private static RemotingCommand unicodeSingleField() {
        RemotingCommand cmd = Frames.command(12, 99, 475);
        cmd.setRemark("é 中 𝄞 🚀");
        cmd.addExtField("ключ", "значение 🎉 \u0001");
        return cmd;
    }

    private static final Map<String, Supplier<RemotingCommand>> COMMANDS = Map.of(
            "route info request", RocketMQInteropTest::routeInfo,
            "busy oneway request", RocketMQInteropTest::busyRequest,
            "error response", RocketMQInteropTest::errorResponse,
            "response with body and odd flags", RocketMQInteropTest::responseWithBody,
            "bare command", RocketMQInteropTest::bare,
            "unicode with one ext field", RocketMQInteropTest::unicodeSingleField);

    static Stream<Arguments> commandsAndTypes() {
        return COMMANDS.entrySet().stream().flatMap(e -> Arrays.stream(SerializeType.values())
                .map(type -> Arguments.of(Named.of(e.getKey(), e.getValue()), type)));
    }

    /** Commands whose bytes do not depend on HashMap iteration order: at most one ext field. */
    static Stream<Arguments> orderIndependentCommandsAndTypes() {
        return commandsAndTypes().filter(args -> {
            @SuppressWarnings("unchecked")
            Supplier<RemotingCommand> supplier = ((Named<Supplier<RemotingCommand>>) args.get()[0]).getPayload();
            Map<String, String> ext = supplier.get().getExtFields();
            return ext == null || ext.size() <= 1;
        });
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("commandsAndTypes")
    void rocketMQDecodesOurFramesWithEqualFields(Supplier<RemotingCommand> command, SerializeType type)
            throws Exception {
        RemotingCommand ours = command.get();

        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs = theirDecode(Frames.encode(ours, type));

        assertSameFields(theirs, ours);
        assertThat(theirs.getSerializeTypeCurrentRPC()).isEqualTo(theirType(type));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("commandsAndTypes")
    void weDecodeRocketMQFramesWithEqualFields(Supplier<RemotingCommand> command, SerializeType type)
            throws Exception {
        RemotingCommand expected = command.get();

        RemotingCommand ours = Frames.decodeFrame(theirEncode(theirCopy(expected, type)));

        Frames.assertSameFields(ours, expected);
        assertThat(ours.getSerializeTypeCurrentRPC()).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("orderIndependentCommandsAndTypes")
    void commandsWithAtMostOneExtFieldEncodeToExactlyRocketMQsBytes(Supplier<RemotingCommand> command,
            SerializeType type) {
        RemotingCommand ours = command.get();

        assertThat(Frames.encode(ours, type)).isEqualTo(theirEncode(theirCopy(ours, type)));
    }

    @ParameterizedTest
    @EnumSource(value = LanguageCode.class, names = "NODE_JS", mode = EnumSource.Mode.EXCLUDE)
    void everyLanguageRocketMQKnowsTravelsBothWaysInBothTypes(LanguageCode language) throws Exception {
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand ours = routeInfo();
            ours.setLanguage(language);

            assertThat(theirDecode(Frames.encode(ours, type)).getLanguage().name()).isEqualTo(language.name());
            assertThat(Frames.decodeFrame(theirEncode(theirCopy(ours, type))).getLanguage()).isEqualTo(language);
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void rocketMQDecodesAPopMessageCodeWeSentWithRocketMQRequestedUnchanged(SerializeType requested)
            throws Exception {
        RemotingCommand ours = Frames.command(200050, 5, 475);
        ours.addExtField("topic", "TopicTest");

        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs = theirDecode(Frames.encode(ours, requested));

        assertThat(theirs.getCode()).isEqualTo(200050);
        assertThat(theirs.getSerializeTypeCurrentRPC())
                .isEqualTo(org.apache.rocketmq.remoting.protocol.SerializeType.JSON);
        assertSameFields(theirs, ours);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anEmptyExtFieldsValueFromRocketMQDecodesAsEmptyStringHere(SerializeType type) throws Exception {
        RemotingCommand ours = routeInfo();
        ours.addExtField("empty", "");

        RemotingCommand decoded = Frames.decodeFrame(theirEncode(theirCopy(ours, type)));

        assertThat(decoded.getExtFields()).containsEntry("empty", "").containsEntry("topic", "TopicTest");
    }

    @Test
    void rocketMQsBinaryDecoderTurnsAnEmptyValueWeSendIntoNullWhichIsWhyOursDiffers() throws Exception {
        RemotingCommand ours = routeInfo();
        ours.addExtField("empty", "");

        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                theirDecode(Frames.encode(ours, SerializeType.ROCKETMQ));

        assertThat(theirs.getExtFields()).containsEntry("empty", null).containsEntry("topic", "TopicTest");
    }

    /** Our own port of the name server's route request header. */
    static class RouteInfoHeader implements CommandCustomHeader {
        @CFNotNull
        String topic;
        Boolean acceptStandardJsonOnly;

        @Override
        public void checkFields() {
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aRocketMQCustomHeaderDecodesIntoOurHeaderClass(SerializeType type) throws Exception {
        GetRouteInfoRequestHeader header = new GetRouteInfoRequestHeader();
        header.setTopic("TopicTest");
        header.setAcceptStandardJsonOnly(true);
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(105, header);
        theirs.setSerializeTypeCurrentRPC(theirType(type));

        RemotingCommand ours = Frames.decodeFrame(theirEncode(theirs));

        assertThat(ours.getExtFields())
                .containsExactlyInAnyOrderEntriesOf(Map.of("topic", "TopicTest", "acceptStandardJsonOnly", "true"));
        RouteInfoHeader decoded = ours.decodeCommandCustomHeader(RouteInfoHeader.class);
        assertThat(decoded.topic).isEqualTo("TopicTest");
        assertThat(decoded.acceptStandardJsonOnly).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void ourCustomHeaderDecodesIntoRocketMQsHeaderClass(SerializeType type) throws Exception {
        RouteInfoHeader header = new RouteInfoHeader();
        header.topic = "TopicTest";
        RemotingCommand ours = RemotingCommand.createRequestCommand(105, header);

        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs = theirDecode(Frames.encode(ours, type));

        GetRouteInfoRequestHeader decoded = theirs.decodeCommandCustomHeader(GetRouteInfoRequestHeader.class);
        assertThat(decoded.getTopic()).isEqualTo("TopicTest");
        assertThat(decoded.getAcceptStandardJsonOnly()).isNull();
        assertThat(theirs.getExtFields()).containsOnlyKeys("topic");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aFastCodesResponseHeaderWrittenByRocketMQsNettyPathDecodesHere(SerializeType type) throws Exception {
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(
                        SendMessageResponseHeader.class);
        theirs.setCode(0);
        theirs.setRemark(null);
        theirs.setOpaque(42);
        theirs.setVersion(475);
        theirs.setSerializeTypeCurrentRPC(theirType(type));
        SendMessageResponseHeader header = (SendMessageResponseHeader) theirs.readCustomHeader();
        header.setMsgId("7F00000100002A9F0000000000000000");
        header.setQueueId(0);
        header.setQueueOffset(12L);
        ByteBuf out = Unpooled.buffer();
        byte[] frame;
        try {
            theirs.fastEncodeHeader(out);
            frame = ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }

        RemotingCommand ours = Frames.decodeFrame(frame);

        assertThat(ours.getCode()).isZero();
        assertThat(ours.isResponseType()).isTrue();
        assertThat(ours.getOpaque()).isEqualTo(42);
        assertThat(ours.getVersion()).isEqualTo(475);
        assertThat(ours.getRemark()).isNull();
        assertThat(ours.getExtFields()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "msgId", "7F00000100002A9F0000000000000000", "queueId", "0", "queueOffset", "12"));
    }
}
