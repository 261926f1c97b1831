package dev.remoting.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command object itself: flags, opaques, responses (docs/protocol.md §4). */
class RemotingCommandTest {

    @Test
    void aNewRequestIsAJavaRequestWithNoFlagsRemarkExtFieldsOrBody() {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(105, null);

        assertThat(cmd.getCode()).isEqualTo(105);
        assertThat(cmd.getFlag()).isZero();
        assertThat(cmd.isResponseType()).isFalse();
        assertThat(cmd.isOnewayRPC()).isFalse();
        assertThat(cmd.getLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(cmd.getRemark()).isNull();
        assertThat(cmd.getExtFields()).isNull();
        assertThat(cmd.getBody()).isNull();
        assertThat(cmd.getSerializeTypeCurrentRPC()).isNull();
    }

    @Test
    void aNewRequestSaysVersion475SoThatServersSendItGoAwayWhileANewResponseSays0() {
        // docs/protocol.md §3 and §7.7: RocketMQ sends GO_AWAY only to versions above 441 (V5_1_4).
        assertThat(RemotingCommand.createRequestCommand(105, null).getVersion()).isEqualTo(475)
                .isGreaterThan(RemotingCommand.GO_AWAY_MIN_VERSION);
        assertThat(RemotingCommand.createResponseCommand(0, null).getVersion()).isZero();
    }

    @Test
    void everyNewCommandTakesTheNextOpaque() {
        RemotingCommand first = RemotingCommand.createRequestCommand(1, null);
        RemotingCommand second = RemotingCommand.createRequestCommand(1, null);

        assertThat(second.getOpaque()).isNotEqualTo(first.getOpaque());
    }

    @Test
    void renewOpaqueGivesAFreshRequestId() {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(1, null);
        int before = cmd.getOpaque();

        cmd.renewOpaque();

        assertThat(cmd.getOpaque()).isNotEqualTo(before);
    }

    @Test
    void theResponseFlagIsBitZeroAndTheOnewayFlagIsBitOne() {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(1, null);

        cmd.markOnewayRPC();
        assertThat(cmd.getFlag()).isEqualTo(2);
        assertThat(cmd.isOnewayRPC()).isTrue();
        assertThat(cmd.isResponseType()).isFalse();

        cmd.markResponseType();
        assertThat(cmd.getFlag()).isEqualTo(3);
        assertThat(cmd.isResponseType()).isTrue();
    }

    @Test
    void aResponseCarriesItsCodeRemarkAndTheResponseFlag() {
        RemotingCommand response = RemotingCommand.createResponseCommand(2, "busy");

        assertThat(response.getCode()).isEqualTo(2);
        assertThat(response.getRemark()).isEqualTo("busy");
        assertThat(response.getFlag()).isEqualTo(1);
        assertThat(response.readCustomHeader()).isNull();
    }

    @Test
    void toResponseKeepsTheRequestsOpaqueAndSerializeType() {
        RemotingCommand request = RemotingCommand.createRequestCommand(105, null);
        request.setOpaque(-9);
        request.setSerializeTypeCurrentRPC(SerializeType.ROCKETMQ);

        RemotingCommand response = request.toResponse(RemotingSysResponseCode.SUCCESS, "ok");

        assertThat(response.getOpaque()).isEqualTo(-9);
        assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(response.isResponseType()).isTrue();
        assertThat(response.getCode()).isZero();
        assertThat(response.getRemark()).isEqualTo("ok");
        assertThat(Frames.typeByte(Frames.encode(response, SerializeType.JSON))).isEqualTo(1);
    }

    @Test
    void addExtFieldCreatesTheMapAndRefusesANullKey() {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(1, null);

        cmd.addExtField("a", "1");

        assertThat(cmd.getExtFields()).containsEntry("a", "1");
        assertThatThrownBy(() -> cmd.addExtField(null, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringNamesTheFieldsWithoutDumpingTheBody() {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(105, null);
        cmd.setBody(new byte[] {1, 2, 3});
        cmd.addExtField("topic", "TopicTest");

        assertThat(cmd.toString()).contains("code=105", "topic=TopicTest", "bodyLength=3");
    }
}
