package dev.remoting.protocol;

import static dev.remoting.protocol.Frames.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encode then decode, for both serialize types: what goes in comes out, apart from the exceptions documented in
 * docs/protocol.md §2 to §4.
 */
class RoundTripTest {

    private static final String NON_ASCII = "Grüße, 你好, Ελληνικά, emoji 🚀🎉, combining é";
    private static final String CONTROL = "a\u0000b\u0001c\u0002d\u001fe\tf\ng\rh\"i\\j/k\u007fl\u2028m";

    private static RemotingCommand sample() {
        RemotingCommand cmd = Frames.command(310, 12345, 475);
        cmd.setRemark("some remark");
        cmd.addExtField("topic", "TopicTest");
        cmd.addExtField("queueId", "3");
        cmd.setBody(new byte[] {1, 2, 3, 0, -1});
        return cmd;
    }

    private static RemotingCommand assertRoundTrip(RemotingCommand cmd, SerializeType type) throws Exception {
        byte[] frame = Frames.encode(cmd, type);
        assertThat(Frames.typeByte(frame)).as("type byte").isEqualTo(type.getCode());
        RemotingCommand decoded = Frames.decodeFrame(frame);
        Frames.assertSameFields(decoded, cmd);
        assertThat(decoded.getSerializeTypeCurrentRPC()).isEqualTo(type);
        return decoded;
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aCommandWithEveryFieldSetComesBackUnchanged(SerializeType type) throws Exception {
        assertRoundTrip(sample(), type);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aNullRemarkStaysNull(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setRemark(null);

        assertThat(assertRoundTrip(cmd, type).getRemark()).isNull();
    }

    @Test
    void anEmptyRemarkStaysEmptyInJson() throws Exception {
        RemotingCommand cmd = sample();
        cmd.setRemark("");

        assertThat(assertRoundTrip(cmd, SerializeType.JSON).getRemark()).isEmpty();
    }

    @Test
    void anEmptyRemarkComesBackNullFromTheBinaryHeaderAsInRocketMQ() throws Exception {
        RemotingCommand cmd = sample();
        cmd.setRemark("");

        RemotingCommand decoded = roundTrip(cmd, SerializeType.ROCKETMQ);

        assertThat(decoded.getRemark()).isNull();
        assertThat(decoded.getExtFields()).isEqualTo(cmd.getExtFields());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aNonAsciiRemarkSurvives(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setRemark(NON_ASCII);

        assertThat(assertRoundTrip(cmd, type).getRemark()).isEqualTo(NON_ASCII);
    }

    @Test
    void nonAsciiTextIsWrittenAsRawUtf8InTheJsonHeader() {
        RemotingCommand cmd = sample();
        cmd.setRemark(NON_ASCII);
        cmd.addExtField("ключ", NON_ASCII);

        String header = Frames.headerText(Frames.encode(cmd, SerializeType.JSON));

        assertThat(header).contains("\"remark\":\"" + NON_ASCII + "\"")
                .contains("\"ключ\":\"" + NON_ASCII + "\"")
                .doesNotContain("\\u");
    }

    @Test
    void controlCharactersAreEscapedInTheJsonHeader() {
        RemotingCommand cmd = sample();
        cmd.setRemark("x\u0001y\u001fz\u0000");

        String header = Frames.headerText(Frames.encode(cmd, SerializeType.JSON));

        assertThat(header).contains("\"remark\":\"x\\u0001y\\u001Fz\\u0000\"");
        assertThat(header.chars()).allMatch(c -> c >= 0x20);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aRemarkWithControlCharactersQuotesAndBackslashesSurvives(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setRemark(CONTROL);

        assertThat(assertRoundTrip(cmd, type).getRemark()).isEqualTo(CONTROL);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void nullExtFieldsStayNull(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setExtFields(null);

        assertThat(assertRoundTrip(cmd, type).getExtFields()).isNull();
    }

    @Test
    void emptyExtFieldsStayAnEmptyMapInJson() throws Exception {
        RemotingCommand cmd = sample();
        cmd.setExtFields(new HashMap<>());

        byte[] frame = Frames.encode(cmd, SerializeType.JSON);

        assertThat(Frames.headerText(frame)).contains("\"extFields\":{}");
        assertThat(Frames.decodeFrame(frame).getExtFields()).isNotNull().isEmpty();
    }

    @Test
    void emptyExtFieldsAreAZeroLengthBlockInTheBinaryHeaderAndComeBackNull() throws Exception {
        RemotingCommand cmd = Frames.command(1, 1, 0);
        cmd.setExtFields(new HashMap<>());

        byte[] frame = Frames.encode(cmd, SerializeType.ROCKETMQ);

        assertThat(Frames.headerLength(frame)).isEqualTo(RocketMQHeaderCodec.FIXED_LENGTH);
        assertThat(Frames.decodeFrame(frame).getExtFields()).isNull();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void manyExtFieldsSurvive(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        for (int i = 0; i < 500; i++) {
            cmd.addExtField("key" + i, "value-" + i + "-" + "x".repeat(i % 40));
        }

        assertThat(assertRoundTrip(cmd, type).getExtFields()).hasSize(502);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void unicodeAndControlCharactersInExtFieldsSurvive(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.addExtField("i", "UNIQ_KEY\u0001ABC\u0002WAIT\u0001true\u0002");
        cmd.addExtField(NON_ASCII, NON_ASCII);
        cmd.addExtField("ctl\u0001", CONTROL);
        cmd.addExtField("long", "v".repeat(70_000));

        assertRoundTrip(cmd, type);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anEmptyExtFieldsValueComesBackAsAnEmptyStringUnlikeRocketMQsBinaryDecoderWhichGivesNull(SerializeType type)
            throws Exception {
        RemotingCommand cmd = sample();
        cmd.addExtField("empty", "");

        RemotingCommand decoded = assertRoundTrip(cmd, type);

        assertThat(decoded.getExtFields()).containsEntry("empty", "");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anEmptyExtFieldsKeyComesBackAsAnEmptyString(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.addExtField("", "value");

        assertThat(assertRoundTrip(cmd, type).getExtFields()).containsEntry("", "value");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void extFieldsWithANullValueAreLeftOut(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.addExtField("nothing", null);

        RemotingCommand decoded = roundTrip(cmd, type);

        assertThat(decoded.getExtFields()).doesNotContainKey("nothing")
                .containsExactlyInAnyOrderEntriesOf(Map.of("topic", "TopicTest", "queueId", "3"));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aNullBodyStaysNull(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setBody(null);

        byte[] frame = Frames.encode(cmd, type);

        assertThat(Frames.body(frame)).isEmpty();
        assertThat(Frames.decodeFrame(frame).getBody()).isNull();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anEmptyBodyTakesNoBytesAndComesBackNull(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setBody(new byte[0]);

        byte[] frame = Frames.encode(cmd, type);

        assertThat(Frames.body(frame)).isEmpty();
        assertThat(Frames.decodeFrame(frame).getBody()).isNull();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aOneByteBodySurvives(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setBody(new byte[] {(byte) 0x80});

        assertThat(assertRoundTrip(cmd, type).getBody()).containsExactly((byte) 0x80);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aOneMebibyteBodySurvivesAndIsCountedInTheLengthWord(SerializeType type) throws Exception {
        byte[] body = new byte[1 << 20];
        new Random(42).nextBytes(body);
        RemotingCommand cmd = sample();
        cmd.setBody(body);

        byte[] frame = Frames.encode(cmd, type);

        assertThat(Frames.intAt(frame, 0)).isEqualTo(4 + Frames.headerLength(frame) + body.length);
        assertThat(Frames.body(frame)).isEqualTo(body);
        assertThat(Frames.decodeFrame(frame).getBody()).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, -2, 65_536, Integer.MAX_VALUE, Integer.MIN_VALUE, -123_456_789})
    void anyOpaqueIncludingNegativeOnesSurvivesInBothSerializeTypes(int opaque) throws Exception {
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand cmd = sample();
            cmd.setOpaque(opaque);

            assertThat(assertRoundTrip(cmd, type).getOpaque()).isEqualTo(opaque);
        }
    }

    static Stream<Arguments> everyLanguageWithEveryType() {
        return Arrays.stream(LanguageCode.values())
                .flatMap(lang -> Arrays.stream(SerializeType.values()).map(type -> Arguments.of(lang, type)));
    }

    @ParameterizedTest
    @MethodSource("everyLanguageWithEveryType")
    void everyLanguageCodeSurvives(LanguageCode language, SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setLanguage(language);

        byte[] frame = Frames.encode(cmd, type);
        if (type == SerializeType.ROCKETMQ) {
            assertThat(Frames.header(frame)[2]).as("language byte").isEqualTo(language.getCode());
        } else {
            assertThat(Frames.headerText(frame)).contains("\"language\":\"" + language.name() + "\"");
        }
        assertThat(Frames.decodeFrame(frame).getLanguage()).isEqualTo(language);
    }

    @Test
    void languageCodesEqualTheirOrdinalsAndRoundTripThroughTheirCodeAndName() {
        for (LanguageCode language : LanguageCode.values()) {
            assertThat(language.getCode()).isEqualTo((byte) language.ordinal());
            assertThat(LanguageCode.valueOf(language.getCode())).isSameAs(language);
            assertThat(LanguageCode.fromName(language.name())).isSameAs(language);
        }
        assertThat(LanguageCode.valueOf((byte) 14)).isNull();
        assertThat(LanguageCode.valueOf((byte) -1)).isNull();
        assertThat(LanguageCode.fromName("java")).isNull();
        assertThat(LanguageCode.fromName(null)).isNull();
    }

    @Test
    void serializeTypeCodesAreZeroForJsonAndOneForRocketMQ() {
        assertThat(SerializeType.JSON.getCode()).isEqualTo((byte) 0);
        assertThat(SerializeType.ROCKETMQ.getCode()).isEqualTo((byte) 1);
        assertThat(SerializeType.valueOf((byte) 0)).isSameAs(SerializeType.JSON);
        assertThat(SerializeType.valueOf((byte) 1)).isSameAs(SerializeType.ROCKETMQ);
        assertThat(SerializeType.valueOf((byte) 2)).isNull();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void theResponseFlagSurvives(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.markResponseType();

        RemotingCommand decoded = assertRoundTrip(cmd, type);

        assertThat(decoded.getFlag()).isEqualTo(1);
        assertThat(decoded.isResponseType()).isTrue();
        assertThat(decoded.isOnewayRPC()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void theOnewayFlagSurvives(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.markOnewayRPC();

        RemotingCommand decoded = assertRoundTrip(cmd, type);

        assertThat(decoded.getFlag()).isEqualTo(2);
        assertThat(decoded.isOnewayRPC()).isTrue();
        assertThat(decoded.isResponseType()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 0x7FFF_FFFC, -1, Integer.MIN_VALUE})
    void undefinedFlagBitsAreCarriedUnchanged(int flag) throws Exception {
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand cmd = sample();
            cmd.setFlag(flag);

            assertThat(assertRoundTrip(cmd, type).getFlag()).isEqualTo(flag);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, -1000, 32767, -32768, 475})
    void codesAndVersionsThatFitInSixteenBitsStayInTheBinaryHeaderWithTheirSign(int value) throws Exception {
        RemotingCommand cmd = sample();
        cmd.setCode(value);
        cmd.setVersion(value);

        RemotingCommand decoded = assertRoundTrip(cmd, SerializeType.ROCKETMQ);

        assertThat(decoded.getCode()).isEqualTo(value);
        assertThat(decoded.getVersion()).isEqualTo(value);
    }

    @Test
    void aCommandsOwnSerializeTypeWinsOverTheDefault() {
        RemotingCommand binary = sample();
        binary.setSerializeTypeCurrentRPC(SerializeType.ROCKETMQ);
        RemotingCommand json = sample();
        json.setSerializeTypeCurrentRPC(SerializeType.JSON);

        assertThat(Frames.typeByte(Frames.encode(binary, SerializeType.JSON))).isEqualTo(1);
        assertThat(Frames.typeByte(Frames.encode(json, SerializeType.ROCKETMQ))).isEqualTo(0);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void encodingTheSameCommandTwiceGivesTheSameBytes(SerializeType type) {
        RemotingCommand cmd = sample();

        assertThat(Frames.encode(cmd, type)).isEqualTo(Frames.encode(cmd, type));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void encodingAppendsAfterBytesAlreadyInTheBuffer(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        byte[] alone = Frames.encode(cmd, type);
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeBytes("XYZ".getBytes(StandardCharsets.US_ASCII));

            RemotingCommandCodec.encode(cmd, type, out);

            assertThat(ByteBufUtil.getBytes(out, 0, 3)).isEqualTo("XYZ".getBytes(StandardCharsets.US_ASCII));
            assertThat(ByteBufUtil.getBytes(out, 3, out.readableBytes() - 3)).isEqualTo(alone);
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void encodingGrowsABufferWhoseInitialCapacityIsTooSmallAtAnyPoint(SerializeType type) {
        RemotingCommand cmd = sample();
        cmd.setRemark("r".repeat(50));
        cmd.addExtField("k", "v".repeat(30));
        byte[] expected = Frames.encode(cmd, type);
        for (int capacity = 0; capacity <= expected.length; capacity++) {
            ByteBuf out = Unpooled.buffer(capacity);
            try {
                RemotingCommandCodec.encode(cmd, type, out);

                assertThat(ByteBufUtil.getBytes(out)).as("initial capacity %d", capacity).isEqualTo(expected);
            } finally {
                out.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anExtFieldsKeyOf32767BytesSurvives(SerializeType type) throws Exception {
        RemotingCommand cmd = sample();
        cmd.addExtField("k".repeat(Short.MAX_VALUE), "v");

        assertRoundTrip(cmd, type);
    }

    @Test
    void anExtFieldsKeyTooLongForTheBinaryInt16LengthIsRefusedRatherThanTruncated() {
        RemotingCommand cmd = sample();
        cmd.addExtField("k".repeat(Short.MAX_VALUE + 1), "v");
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> RemotingCommandCodec.encode(cmd, SerializeType.ROCKETMQ, out))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("32767");
        } finally {
            out.release();
        }
    }

    @Test
    void aHeaderTooLongForTheTwentyFourBitLengthFieldIsRefused() {
        RemotingCommand cmd = sample();
        cmd.setRemark("r".repeat(RemotingCommandCodec.MAX_HEADER_LENGTH));
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> RemotingCommandCodec.encode(cmd, SerializeType.ROCKETMQ, out))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("24-bit");
        } finally {
            out.release();
        }
    }
}
