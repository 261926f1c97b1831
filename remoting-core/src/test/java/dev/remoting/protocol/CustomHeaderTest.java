package dev.remoting.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.annotation.CFNullable;
import dev.remoting.exception.RemotingCommandException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CommandCustomHeader} fields to and from {@code extFields}, through the wire codec (docs/protocol.md §6).
 */
class CustomHeaderTest {

    enum Color { RED, GREEN }

    static class BaseHeader implements CommandCustomHeader {
        String inherited;

        @Override
        public void checkFields() throws RemotingCommandException {
        }
    }

    static class AllTypesHeader extends BaseHeader {
        static final String CONSTANT = "never on the wire";

        @CFNotNull
        String topic;
        int primitiveInt;
        Integer boxedInt;
        long primitiveLong;
        Long boxedLong;
        double primitiveDouble;
        Double boxedDouble;
        boolean primitiveBoolean;
        Boolean boxedBoolean;
        Color color;
    }

    static class CheckedHeader implements CommandCustomHeader {
        int count;

        @Override
        public void checkFields() throws RemotingCommandException {
            if (count < 0) {
                throw new RemotingCommandException("count must not be negative: " + count);
            }
        }
    }

    static class RequiredResponseHeader implements CommandCustomHeader {
        @CFNotNull
        String msgId;
        @CFNullable
        Long queueOffset;

        @Override
        public void checkFields() throws RemotingCommandException {
            if (msgId == null) {
                throw new RemotingCommandException("msgId missing");
            }
        }
    }

    static class NoDefaultConstructorHeader implements CommandCustomHeader {
        final String value;

        NoDefaultConstructorHeader(String value) {
            this.value = value;
        }

        @Override
        public void checkFields() {
        }
    }

    private static AllTypesHeader fullHeader() {
        AllTypesHeader header = new AllTypesHeader();
        header.inherited = "from the superclass";
        header.topic = "TopicTest 🚀";
        header.primitiveInt = -7;
        header.boxedInt = Integer.MAX_VALUE;
        header.primitiveLong = Long.MIN_VALUE;
        header.boxedLong = 1_700_000_000_000L;
        header.primitiveDouble = 1.5;
        header.boxedDouble = -0.25;
        header.primitiveBoolean = true;
        header.boxedBoolean = false;
        header.color = Color.GREEN;
        return header;
    }

    private static RemotingCommand withExtFields(Map<String, String> fields) {
        RemotingCommand cmd = Frames.command(1, 1, 0);
        cmd.setExtFields(new HashMap<>(fields));
        return cmd;
    }

    private static Map<String, String> requiredOnly() {
        return Map.of("topic", "T");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void everyFieldTypeSurvivesEncodingTheWireAndDecoding(SerializeType type) throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(17, fullHeader());

        RemotingCommand received = Frames.roundTrip(request, type);
        AllTypesHeader decoded = received.decodeCommandCustomHeader(AllTypesHeader.class);

        assertThat(received.getCode()).isEqualTo(17);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(fullHeader());
    }

    @Test
    void fieldNamesAreTheKeysAndValuesAreTheirTextIncludingSuperclassFields() {
        RemotingCommand request = RemotingCommand.createRequestCommand(17, fullHeader());

        request.makeCustomHeaderToNet();

        assertThat(request.getExtFields()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("inherited", "from the superclass"),
                Map.entry("topic", "TopicTest 🚀"),
                Map.entry("primitiveInt", "-7"),
                Map.entry("boxedInt", "2147483647"),
                Map.entry("primitiveLong", "-9223372036854775808"),
                Map.entry("boxedLong", "1700000000000"),
                Map.entry("primitiveDouble", "1.5"),
                Map.entry("boxedDouble", "-0.25"),
                Map.entry("primitiveBoolean", "true"),
                Map.entry("boxedBoolean", "false"),
                Map.entry("color", "GREEN")));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void nullFieldsAreLeftOutOfExtFieldsAndDecodeBackAsNull(SerializeType type) throws Exception {
        AllTypesHeader header = new AllTypesHeader();
        header.topic = "T";
        RemotingCommand request = RemotingCommand.createRequestCommand(17, header);

        RemotingCommand received = Frames.roundTrip(request, type);

        assertThat(received.getExtFields()).containsOnlyKeys("topic", "primitiveInt", "primitiveLong",
                "primitiveDouble", "primitiveBoolean");
        AllTypesHeader decoded = received.decodeCommandCustomHeader(AllTypesHeader.class);
        assertThat(decoded.inherited).isNull();
        assertThat(decoded.boxedInt).isNull();
        assertThat(decoded.boxedLong).isNull();
        assertThat(decoded.boxedDouble).isNull();
        assertThat(decoded.boxedBoolean).isNull();
        assertThat(decoded.color).isNull();
    }

    @Test
    void staticFieldsAreNotSent() {
        RemotingCommand request = RemotingCommand.createRequestCommand(17, fullHeader());

        request.makeCustomHeaderToNet();

        assertThat(request.getExtFields()).doesNotContainKey("CONSTANT");
    }

    @Test
    void headerFieldsOverwriteExtFieldsOfTheSameNameAndKeepTheOthers() throws Exception {
        AllTypesHeader header = new AllTypesHeader();
        header.topic = "from header";
        RemotingCommand request = RemotingCommand.createRequestCommand(17, header);
        request.addExtField("topic", "from extFields");
        request.addExtField("signature", "abc");

        RemotingCommand received = Frames.roundTrip(request, SerializeType.JSON);

        assertThat(received.getExtFields()).containsEntry("topic", "from header").containsEntry("signature", "abc");
    }

    @Test
    void aMissingRequiredFieldIsAnErrorNamingTheField() {
        RemotingCommand cmd = withExtFields(Map.of("primitiveInt", "1"));

        assertThatThrownBy(() -> cmd.decodeCommandCustomHeader(AllTypesHeader.class))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("topic");
    }

    @Test
    void aRequiredFieldIsMissingWhenTheCommandHasNoExtFieldsAtAll() {
        RemotingCommand cmd = Frames.command(1, 1, 0);

        assertThatThrownBy(() -> cmd.decodeCommandCustomHeader(AllTypesHeader.class))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("topic");
    }

    @Test
    void aRequiredFieldThatArrivedEmptyIsPresent() throws Exception {
        RemotingCommand cmd = withExtFields(Map.of("topic", ""));

        assertThat(cmd.decodeCommandCustomHeader(AllTypesHeader.class).topic).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "primitiveInt, abc",
        "boxedInt, 2147483648",
        "primitiveLong, 1.5",
        "boxedLong, ''",
        "primitiveDouble, one",
        "boxedDouble, 1.5x",
        "primitiveBoolean, yes",
        "boxedBoolean, 1",
        "color, PURPLE",
        "color, green"
    })
    void anUnparseableValueIsAnErrorNamingTheField(String field, String text) {
        Map<String, String> fields = new HashMap<>(requiredOnly());
        fields.put(field, text);
        RemotingCommand cmd = withExtFields(fields);

        RemotingCommandException e = catchThrowableOfType(
                () -> cmd.decodeCommandCustomHeader(AllTypesHeader.class), RemotingCommandException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(field);
    }

    @Test
    void numbersAndBooleansAreParsedLeniently() throws Exception {
        Map<String, String> fields = new HashMap<>(requiredOnly());
        fields.put("primitiveInt", " 42 ");
        fields.put("boxedLong", "-0");
        fields.put("primitiveDouble", "1e3");
        fields.put("primitiveBoolean", "TRUE");
        fields.put("boxedBoolean", "False");
        RemotingCommand cmd = withExtFields(fields);

        AllTypesHeader header = cmd.decodeCommandCustomHeader(AllTypesHeader.class);

        assertThat(header.primitiveInt).isEqualTo(42);
        assertThat(header.boxedLong).isZero();
        assertThat(header.primitiveDouble).isEqualTo(1000.0);
        assertThat(header.primitiveBoolean).isTrue();
        assertThat(header.boxedBoolean).isFalse();
    }

    @Test
    void stringFieldsAreTakenVerbatimWithoutTrimming() throws Exception {
        RemotingCommand cmd = withExtFields(Map.of("topic", "  spaced  "));

        assertThat(cmd.decodeCommandCustomHeader(AllTypesHeader.class).topic).isEqualTo("  spaced  ");
    }

    @Test
    void unknownExtFieldsAreIgnoredByTheHeader() throws Exception {
        RemotingCommand cmd = withExtFields(Map.of("topic", "T", "somethingElse", "x"));

        assertThat(cmd.decodeCommandCustomHeader(AllTypesHeader.class).topic).isEqualTo("T");
    }

    @Test
    void checkFieldsRunsAfterDecodingAndItsExceptionPropagates() throws Exception {
        RemotingCommand good = withExtFields(Map.of("count", "3"));
        RemotingCommand bad = withExtFields(Map.of("count", "-1"));

        assertThat(good.decodeCommandCustomHeader(CheckedHeader.class).count).isEqualTo(3);
        assertThatThrownBy(() -> bad.decodeCommandCustomHeader(CheckedHeader.class))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessage("count must not be negative: -1");
    }

    @Test
    void aHeaderClassWithoutANoArgumentConstructorIsADecodeError() {
        RemotingCommand cmd = withExtFields(Map.of("value", "x"));

        assertThatThrownBy(() -> cmd.decodeCommandCustomHeader(NoDefaultConstructorHeader.class))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining(NoDefaultConstructorHeader.class.getName());
    }

    @Test
    void createResponseCommandWithAHeaderClassStartsAsSystemErrorWithAHeaderInstance() {
        RemotingCommand response = RemotingCommand.createResponseCommand(CheckedHeader.class);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR).isEqualTo(1);
        assertThat(response.getRemark()).isEqualTo("not set any response code");
        assertThat(response.isResponseType()).isTrue();
        assertThat(response.readCustomHeader()).isInstanceOf(CheckedHeader.class);
    }

    @Test
    void createResponseCommandWorksForAHeaderWithRequiredFieldsThatAreNotSetYet() throws Exception {
        RemotingCommand response = RemotingCommand.createResponseCommand(RequiredResponseHeader.class);
        RequiredResponseHeader header = (RequiredResponseHeader) response.readCustomHeader();
        header.msgId = "7F00000100002A9F0000000000000000";
        header.queueOffset = 12L;
        response.setCode(RemotingSysResponseCode.SUCCESS);
        response.setRemark(null);

        RemotingCommand received = Frames.roundTrip(response, SerializeType.ROCKETMQ);
        RequiredResponseHeader decoded = received.decodeCommandCustomHeader(RequiredResponseHeader.class);

        assertThat(received.getCode()).isZero();
        assertThat(decoded.msgId).isEqualTo("7F00000100002A9F0000000000000000");
        assertThat(decoded.queueOffset).isEqualTo(12L);
    }

    @Test
    void createResponseCommandWithCodeAndRemarkAlsoCarriesAHeaderInstance() {
        RemotingCommand response = RemotingCommand.createResponseCommand(16, "no permission", CheckedHeader.class);

        assertThat(response.getCode()).isEqualTo(16);
        assertThat(response.getRemark()).isEqualTo("no permission");
        assertThat(response.isResponseType()).isTrue();
        assertThat(response.readCustomHeader()).isInstanceOf(CheckedHeader.class);
    }

    @Test
    void aHeaderWrittenLaterIsPickedUpWhenTheCommandIsEncoded() throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(17, null);
        AllTypesHeader header = new AllTypesHeader();
        header.topic = "late";
        cmd.writeCustomHeader(header);

        RemotingCommand received = Frames.roundTrip(cmd, SerializeType.ROCKETMQ);

        assertThat(cmd.readCustomHeader()).isSameAs(header);
        assertThat(received.getExtFields()).containsEntry("topic", "late");
    }

    @Test
    void aCommandWithoutACustomHeaderKeepsNullExtFields() {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(17, null);

        cmd.makeCustomHeaderToNet();

        assertThat(cmd.getExtFields()).isNull();
    }
}
