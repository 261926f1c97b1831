package dev.remoting.protocol;

import static dev.remoting.protocol.Frames.concat;
import static dev.remoting.protocol.Frames.hex;
import static dev.remoting.protocol.Frames.int32;
import static dev.remoting.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The frames and headers of docs/protocol.md §2, §3.1 and §3.2, taken from RocketMQ 5.3.1 itself: our encoder must
 * produce them exactly and our decoder must read every field back from them. The binary form of the §2 response
 * checks the layout of §3.2.
 */
class GoldenBytesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String ROUTE_INFO_JSON = "{\"code\":105,\"extFields\":{\"topic\":\"TopicTest\"},\"flag\":0,"
            + "\"language\":\"JAVA\",\"opaque\":1,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":475}";

    private static final byte[] ROUTE_INFO_ROCKETMQ = concat(
            hex("0000002d 01000029"),
            hex("0069 | 00 | 01db | 00000001 | 00000000"),
            hex("00000000"),
            hex("00000014"), hex("0005"), utf8("topic"), hex("00000009"), utf8("TopicTest"));

    private static final String SUCCESS_JSON = "{\"code\":0,\"flag\":1,\"language\":\"JAVA\",\"opaque\":1,"
            + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":475}";

    private static final String NOT_SUPPORTED_JSON = "{\"code\":3,\"flag\":1,\"language\":\"JAVA\",\"opaque\":7,"
            + "\"remark\":\" request type 9999 not supported\",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":0}";

    private static final String SEND_V2_REQUEST_JSON = "{\"code\":310,\"extFields\":{\"a\":\"PG\",\"b\":\"TopicTest\","
            + "\"c\":\"TBW102\",\"d\":\"4\",\"e\":\"0\",\"f\":\"0\",\"g\":\"1700000000000\",\"h\":\"0\","
            + "\"i\":\"UNIQ_KEY\\u0001ABC\\u0002WAIT\\u0001true\\u0002\",\"j\":\"0\",\"k\":\"false\",\"m\":\"false\","
            + "\"n\":\"broker-a\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":42,\"serializeTypeCurrentRPC\":\"JSON\","
            + "\"version\":475}";

    private static final String SEND_V2_RESPONSE_JSON = "{\"code\":0,\"extFields\":{\"queueId\":\"0\","
            + "\"msgId\":\"7F00000100002A9F0000000000000000\",\"queueOffset\":\"12\"},\"flag\":1,\"language\":\"JAVA\","
            + "\"opaque\":42,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":0}";

    private static final List<String> TOP_LEVEL_KEYS_WITH_EXT =
            List.of("code", "extFields", "flag", "language", "opaque", "serializeTypeCurrentRPC", "version");

    /** A new request as our client makes it: no version set, so the default one, 475 (docs/protocol.md §3). */
    private static RemotingCommand routeInfoRequest() {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(105, null);
        cmd.setOpaque(1);
        cmd.addExtField("topic", "TopicTest");
        return cmd;
    }

    private static RemotingCommand successWithBody() {
        RemotingCommand cmd = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        cmd.setOpaque(1);
        cmd.setVersion(475);
        cmd.setLanguage(LanguageCode.JAVA);
        cmd.setBody(utf8("{\"x\":1}"));
        return cmd;
    }

    private static HashMap<String, String> sendV2RequestFields() {
        HashMap<String, String> fields = new HashMap<>();
        fields.put("a", "PG");
        fields.put("b", "TopicTest");
        fields.put("c", "TBW102");
        fields.put("d", "4");
        fields.put("e", "0");
        fields.put("f", "0");
        fields.put("g", "1700000000000");
        fields.put("h", "0");
        fields.put("i", "UNIQ_KEY\u0001ABC\u0002WAIT\u0001true\u0002");
        fields.put("j", "0");
        fields.put("k", "false");
        fields.put("m", "false");
        fields.put("n", "broker-a");
        return fields;
    }

    private static HashMap<String, String> sendV2ResponseFields() {
        HashMap<String, String> fields = new HashMap<>();
        fields.put("queueId", "0");
        fields.put("msgId", "7F00000100002A9F0000000000000000");
        fields.put("queueOffset", "12");
        return fields;
    }

    private static List<String> topLevelKeys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        keys.addAll(node.propertyNames());
        return keys;
    }

    @Test
    void routeInfoRequestEncodesToTheExactJsonBytesOfRocketMQ() {
        byte[] expected = concat(hex("00000087 00000083"), utf8(ROUTE_INFO_JSON));

        byte[] actual = Frames.encode(routeInfoRequest(), SerializeType.JSON);

        assertThat(utf8(ROUTE_INFO_JSON)).hasSize(0x83);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void routeInfoRequestEncodesToTheExactRocketMQBinaryBytes() {
        byte[] actual = Frames.encode(routeInfoRequest(), SerializeType.ROCKETMQ);

        assertThat(actual).hasSize(49).isEqualTo(ROUTE_INFO_ROCKETMQ);
    }

    @Test
    void routeInfoRequestJsonBytesDecodeToEveryField() throws Exception {
        RemotingCommand cmd = Frames.decodeFrame(concat(hex("00000087 00000083"), utf8(ROUTE_INFO_JSON)));

        assertRouteInfoRequest(cmd);
        assertThat(cmd.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void routeInfoRequestBinaryBytesDecodeToEveryField() throws Exception {
        RemotingCommand cmd = Frames.decodeFrame(ROUTE_INFO_ROCKETMQ);

        assertRouteInfoRequest(cmd);
        assertThat(cmd.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.ROCKETMQ);
    }

    private static void assertRouteInfoRequest(RemotingCommand cmd) {
        assertThat(cmd.getCode()).isEqualTo(105);
        assertThat(cmd.getExtFields()).containsExactly(Map.entry("topic", "TopicTest"));
        assertThat(cmd.getFlag()).isZero();
        assertThat(cmd.isResponseType()).isFalse();
        assertThat(cmd.isOnewayRPC()).isFalse();
        assertThat(cmd.getLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(cmd.getOpaque()).isEqualTo(1);
        assertThat(cmd.getVersion()).isEqualTo(475);
        assertThat(cmd.getRemark()).isNull();
        assertThat(cmd.getBody()).isNull();
    }

    @Test
    void successResponseWithBodyEncodesToTheExactJsonBytesOfRocketMQ() {
        byte[] expected = concat(hex("0000006a 0000005f"), utf8(SUCCESS_JSON), utf8("{\"x\":1}"));

        assertThat(Frames.encode(successWithBody(), SerializeType.JSON)).isEqualTo(expected);
    }

    @Test
    void successResponseWithBodyEncodesToTheBinaryLayoutOfSectionThree() {
        byte[] expected = concat(
                hex("00000020 01000015"),
                hex("0000 | 00 | 01db | 00000001 | 00000001 | 00000000 | 00000000"),
                utf8("{\"x\":1}"));

        assertThat(Frames.encode(successWithBody(), SerializeType.ROCKETMQ)).isEqualTo(expected);
    }

    @Test
    void successResponseJsonBytesDecodeToEveryFieldAndTheBody() throws Exception {
        RemotingCommand cmd = Frames.decodeFrame(
                concat(hex("0000006a 0000005f"), utf8(SUCCESS_JSON), utf8("{\"x\":1}")));

        assertThat(cmd.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(cmd.getFlag()).isEqualTo(1);
        assertThat(cmd.isResponseType()).isTrue();
        assertThat(cmd.getLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(cmd.getOpaque()).isEqualTo(1);
        assertThat(cmd.getVersion()).isEqualTo(475);
        assertThat(cmd.getRemark()).isNull();
        assertThat(cmd.getExtFields()).isNull();
        assertThat(cmd.getBody()).isEqualTo(utf8("{\"x\":1}"));
        assertThat(cmd.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void unknownCodeErrorReplyEncodesToTheExactJsonBytesOfRocketMQ() {
        RemotingCommand cmd = RemotingCommand.createResponseCommand(
                RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED, " request type 9999 not supported");
        cmd.setOpaque(7);
        cmd.setVersion(0);
        byte[] header = utf8(NOT_SUPPORTED_JSON);

        assertThat(Frames.encode(cmd, SerializeType.JSON))
                .isEqualTo(concat(int32(4 + header.length), int32(header.length), header));
    }

    @Test
    void unknownCodeErrorReplyBytesDecodeToEveryFieldKeepingTheLeadingSpace() throws Exception {
        RemotingCommand cmd = Frames.decodeFrame(Frames.frame(0, utf8(NOT_SUPPORTED_JSON), new byte[0]));

        assertThat(cmd.getCode()).isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(cmd.getFlag()).isEqualTo(1);
        assertThat(cmd.getLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(cmd.getOpaque()).isEqualTo(7);
        assertThat(cmd.getVersion()).isZero();
        assertThat(cmd.getRemark()).isEqualTo(" request type 9999 not supported");
        assertThat(cmd.getExtFields()).isNull();
        assertThat(cmd.getBody()).isNull();
    }

    @Test
    void sendMessageV2RequestEncodesToTheSameJsonAsRocketMQWithEscapedSeparatorsAndTheBodyAfterIt() throws Exception {
        // The request version is our client's default (§3), the 475 RocketMQ 5.3.1's client sends.
        RemotingCommand cmd = RemotingCommand.createRequestCommand(310, null);
        cmd.setOpaque(42);
        cmd.setExtFields(sendV2RequestFields());
        cmd.setBody(utf8("hello"));

        byte[] frame = Frames.encode(cmd, SerializeType.JSON);

        assertThat(Frames.typeByte(frame)).isZero();
        String header = Frames.headerText(frame);
        assertThat(MAPPER.readTree(header)).isEqualTo(MAPPER.readTree(SEND_V2_REQUEST_JSON));
        assertThat(topLevelKeys(MAPPER.readTree(header))).isEqualTo(TOP_LEVEL_KEYS_WITH_EXT);
        assertThat(header).contains("\"i\":\"UNIQ_KEY\\u0001ABC\\u0002WAIT\\u0001true\\u0002\"")
                .doesNotContain("\u0001", "\u0002", "\"l\"");
        assertThat(header).hasSameSizeAs(SEND_V2_REQUEST_JSON);
        assertThat(Frames.body(frame)).isEqualTo(utf8("hello"));
    }

    @Test
    void sendMessageV2RequestBytesDecodeToEveryFieldWithRawSeparators() throws Exception {
        RemotingCommand cmd = Frames.decodeFrame(Frames.frame(0, utf8(SEND_V2_REQUEST_JSON), utf8("hello")));

        assertThat(cmd.getCode()).isEqualTo(310);
        assertThat(cmd.getFlag()).isZero();
        assertThat(cmd.getLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(cmd.getOpaque()).isEqualTo(42);
        assertThat(cmd.getVersion()).isEqualTo(475);
        assertThat(cmd.getRemark()).isNull();
        assertThat(cmd.getExtFields()).isEqualTo(sendV2RequestFields());
        assertThat(cmd.getExtFields().get("i")).contains("\u0001").contains("\u0002");
        assertThat(cmd.getBody()).isEqualTo(utf8("hello"));
    }

    @Test
    void sendMessageV2ResponseEncodesToTheSameJsonAsRocketMQ() throws Exception {
        RemotingCommand cmd = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        cmd.setOpaque(42);
        cmd.setVersion(0);
        cmd.setExtFields(sendV2ResponseFields());

        byte[] frame = Frames.encode(cmd, SerializeType.JSON);

        String header = Frames.headerText(frame);
        assertThat(MAPPER.readTree(header)).isEqualTo(MAPPER.readTree(SEND_V2_RESPONSE_JSON));
        assertThat(topLevelKeys(MAPPER.readTree(header))).isEqualTo(TOP_LEVEL_KEYS_WITH_EXT);
        assertThat(header).hasSameSizeAs(SEND_V2_RESPONSE_JSON);
        assertThat(Frames.body(frame)).isEmpty();
    }

    @Test
    void sendMessageV2ResponseBytesDecodeToEveryField() throws Exception {
        RemotingCommand cmd = Frames.decodeFrame(Frames.frame(0, utf8(SEND_V2_RESPONSE_JSON), new byte[0]));

        assertThat(cmd.getCode()).isZero();
        assertThat(cmd.getFlag()).isEqualTo(1);
        assertThat(cmd.isResponseType()).isTrue();
        assertThat(cmd.getLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(cmd.getOpaque()).isEqualTo(42);
        assertThat(cmd.getVersion()).isZero();
        assertThat(cmd.getExtFields()).isEqualTo(sendV2ResponseFields());
        assertThat(cmd.getBody()).isNull();
    }
}
