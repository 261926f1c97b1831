package dev.remoting.protocol;

import static dev.remoting.protocol.Frames.jsonFrame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON header is read as leniently as RocketMQ's fastjson reads it (docs/protocol.md §3.1). */
class JsonHeaderLeniencyTest {

    private static RemotingCommand decodeJson(String header) throws Exception {
        return Frames.decode(jsonFrame(header));
    }

    @Test
    void unknownKeysAreIgnoredWhateverTheirValues() throws Exception {
        RemotingCommand cmd = decodeJson("{\"foo\":{\"a\":[1,{\"b\":2}],\"c\":\"}\"},\"code\":5,\"bar\":[1,[2,3]],"
                + "\"baz\":null,\"qux\":true,\"suspended\":false,\"body\":\"AAEC\",\"opaque\":8}");

        assertThat(cmd.getCode()).isEqualTo(5);
        assertThat(cmd.getOpaque()).isEqualTo(8);
        assertThat(cmd.getBody()).isNull();
    }

    @Test
    void numbersSentAsStringsAreAccepted() throws Exception {
        RemotingCommand cmd = decodeJson(
                "{\"code\":\"105\",\"flag\":\"1\",\"opaque\":\"-3\",\"version\":\"475\"}");

        assertThat(cmd.getCode()).isEqualTo(105);
        assertThat(cmd.getFlag()).isEqualTo(1);
        assertThat(cmd.isResponseType()).isTrue();
        assertThat(cmd.getOpaque()).isEqualTo(-3);
        assertThat(cmd.getVersion()).isEqualTo(475);
    }

    @ParameterizedTest
    @EnumSource(LanguageCode.class)
    void aLanguageGivenAsItsOrdinalNumberIsAccepted(LanguageCode language) throws Exception {
        RemotingCommand cmd = decodeJson("{\"language\":" + language.ordinal() + "}");

        assertThat(cmd.getLanguage()).isEqualTo(language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"KOTLIN\"", "\"java\"", "\"\"", "\"9\"", "99", "-1", "100000", "true", "{\"a\":1}",
        "[\"JAVA\"]", "null"})
    void anUnknownLanguageDecodesAsNullWithoutAnError(String language) throws Exception {
        RemotingCommand cmd = decodeJson("{\"language\":" + language + ",\"code\":7}");

        assertThat(cmd.getLanguage()).isNull();
        assertThat(cmd.getCode()).isEqualTo(7);
    }

    @Test
    void extFieldsValuesThatAreNotStringsAreCoercedToStrings() throws Exception {
        RemotingCommand cmd = decodeJson("{\"extFields\":{\"n\":123,\"neg\":-7,\"big\":1700000000000,"
                + "\"d\":1.50,\"t\":true,\"f\":false,\"s\":\"text\"}}");

        assertThat(cmd.getExtFields()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "n", "123", "neg", "-7", "big", "1700000000000", "d", "1.50", "t", "true", "f", "false",
                "s", "text"));
    }

    @Test
    void nestedExtFieldsValuesAreKeptAsTheirJsonText() throws Exception {
        RemotingCommand cmd = decodeJson("{\"extFields\":{\"o\":{\"a\":1},\"l\":[1,\"x\"]},\"code\":3}");

        assertThat(cmd.getExtFields()).containsEntry("o", "{\"a\":1}").containsEntry("l", "[1,\"x\"]");
        assertThat(cmd.getCode()).isEqualTo(3);
    }

    @Test
    void aNullExtFieldsValueIsLeftOut() throws Exception {
        RemotingCommand cmd = decodeJson("{\"extFields\":{\"gone\":null,\"kept\":\"v\"}}");

        assertThat(cmd.getExtFields()).containsExactly(Map.entry("kept", "v"));
    }

    @Test
    void everyKeyMayBeMissing() throws Exception {
        RemotingCommand cmd = decodeJson("{}");

        assertThat(cmd.getCode()).isZero();
        assertThat(cmd.getFlag()).isZero();
        assertThat(cmd.getLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(cmd.getRemark()).isNull();
        assertThat(cmd.getExtFields()).isNull();
        assertThat(cmd.getBody()).isNull();
        assertThat(cmd.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void explicitNullsAreTreatedAsAbsent() throws Exception {
        RemotingCommand cmd = decodeJson("{\"code\":null,\"remark\":null,\"extFields\":null,\"flag\":null}");

        assertThat(cmd.getCode()).isZero();
        assertThat(cmd.getFlag()).isZero();
        assertThat(cmd.getRemark()).isNull();
        assertThat(cmd.getExtFields()).isNull();
    }

    @Test
    void theSerializeTypeKeyIsIgnoredInFavourOfTheFramesTypeByte() throws Exception {
        RemotingCommand cmd = decodeJson("{\"code\":1,\"serializeTypeCurrentRPC\":\"ROCKETMQ\"}");

        assertThat(cmd.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void keysMayComeInAnyOrderWithWhitespaceAndNewlines() throws Exception {
        RemotingCommand cmd = decodeJson("\n{ \"version\" : 475 ,\r\n\t\"opaque\":1,\"extFields\" : { \"topic\" : "
                + "\"TopicTest\" } , \"code\" : 105 }\n ");

        assertThat(cmd.getCode()).isEqualTo(105);
        assertThat(cmd.getOpaque()).isEqualTo(1);
        assertThat(cmd.getVersion()).isEqualTo(475);
        assertThat(cmd.getExtFields()).containsExactly(Map.entry("topic", "TopicTest"));
    }

    @Test
    void aRemarkThatIsANumberBecomesItsText() throws Exception {
        RemotingCommand cmd = decodeJson("{\"remark\":12,\"code\":5}");

        assertThat(cmd.getRemark()).isEqualTo("12");
        assertThat(cmd.getCode()).isEqualTo(5);
    }

    @Test
    void aRemarkThatIsAnObjectBecomesItsJsonTextAndDoesNotHideTheKeysAfterIt() throws Exception {
        RemotingCommand cmd = decodeJson("{\"remark\":{\"a\":1},\"code\":5,\"opaque\":6}");

        assertThat(cmd.getRemark()).isEqualTo("{\"a\":1}");
        assertThat(cmd.getCode()).isEqualTo(5);
        assertThat(cmd.getOpaque()).isEqualTo(6);
    }

    @Test
    void escapedCharactersInStringsAreUnescaped() throws Exception {
        RemotingCommand cmd = decodeJson("{\"remark\":\"a\\u0001b\\\"c\\\\d\\/e\\n\\u00fc\\uD83D\\uDE80\","
                + "\"extFields\":{\"k\\u00e9y\":\"v\\u0002\"}}");

        assertThat(cmd.getRemark()).isEqualTo("a\u0001b\"c\\d/e\nü🚀");
        assertThat(cmd.getExtFields()).containsExactly(Map.entry("kéy", "v\u0002"));
    }

    @Test
    void duplicateKeysLetTheLastOneWin() throws Exception {
        RemotingCommand cmd = decodeJson("{\"code\":1,\"code\":2,\"extFields\":{\"k\":\"a\",\"k\":\"b\"}}");

        assertThat(cmd.getCode()).isEqualTo(2);
        assertThat(cmd.getExtFields()).containsExactly(Map.entry("k", "b"));
    }
}
