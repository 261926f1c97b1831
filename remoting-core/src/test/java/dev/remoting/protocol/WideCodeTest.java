package dev.remoting.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RocketMQ truncates codes and versions to int16 in its binary header (POP_MESSAGE 200050 arrives as 3442). We send
 * such commands with the JSON header instead, which every peer decodes (docs/protocol.md §3.2, §9.1).
 */
class WideCodeTest {

    private static final int POP_MESSAGE = 200050;

    @Test
    void popMessageRequestedAsRocketMQGoesOutAsJsonAndComesBackUnchanged() throws Exception {
        RemotingCommand cmd = Frames.command(POP_MESSAGE, 9, 475);
        cmd.addExtField("topic", "TopicTest");
        cmd.setBody(new byte[] {7});

        byte[] frame = Frames.encode(cmd, SerializeType.ROCKETMQ);

        assertThat(Frames.typeByte(frame)).isEqualTo(SerializeType.JSON.getCode());
        assertThat(Frames.headerText(frame)).startsWith("{\"code\":200050,");
        RemotingCommand decoded = Frames.decodeFrame(frame);
        Frames.assertSameFields(decoded, cmd);
        assertThat(decoded.getCode()).isEqualTo(POP_MESSAGE).isNotEqualTo(3442);
        assertThat(decoded.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.JSON);
    }

    @ParameterizedTest
    @ValueSource(ints = {32768, -32769, 65535, 65536, 200050, 200151, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void aCodeOutsideSixteenBitsIsNeverTruncated(int code) throws Exception {
        RemotingCommand cmd = Frames.command(code, 1, 475);

        byte[] frame = Frames.encode(cmd, SerializeType.ROCKETMQ);

        assertThat(Frames.typeByte(frame)).isZero();
        assertThat(Frames.decodeFrame(frame).getCode()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(ints = {32768, -32769, 100_000, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void aVersionOutsideSixteenBitsIsNeverTruncated(int version) throws Exception {
        RemotingCommand cmd = Frames.command(105, 1, version);

        byte[] frame = Frames.encode(cmd, SerializeType.ROCKETMQ);

        assertThat(Frames.typeByte(frame)).isZero();
        assertThat(Frames.decodeFrame(frame).getVersion()).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(ints = {32767, -32768})
    void theSixteenBitBoundariesStillUseTheBinaryHeader(int value) throws Exception {
        RemotingCommand cmd = Frames.command(value, 1, value);

        byte[] frame = Frames.encode(cmd, SerializeType.ROCKETMQ);

        assertThat(Frames.typeByte(frame)).isEqualTo(SerializeType.ROCKETMQ.getCode());
        RemotingCommand decoded = Frames.decodeFrame(frame);
        assertThat(decoded.getCode()).isEqualTo(value);
        assertThat(decoded.getVersion()).isEqualTo(value);
    }

    @Test
    void aWideCodeFallsBackToJsonEvenWhenTheCommandItselfAsksForRocketMQ() throws Exception {
        RemotingCommand cmd = RemotingCommand.createResponseCommand(POP_MESSAGE, "wide");
        cmd.setSerializeTypeCurrentRPC(SerializeType.ROCKETMQ);

        byte[] frame = Frames.encode(cmd, SerializeType.ROCKETMQ);

        assertThat(Frames.typeByte(frame)).isZero();
        RemotingCommand decoded = Frames.decodeFrame(frame);
        assertThat(decoded.getCode()).isEqualTo(POP_MESSAGE);
        assertThat(decoded.getRemark()).isEqualTo("wide");
        assertThat(decoded.isResponseType()).isTrue();
    }

    @Test
    void aWideCodeRequestedAsJsonIsPlainJson() throws Exception {
        RemotingCommand cmd = Frames.command(POP_MESSAGE, 3, 475);

        byte[] frame = Frames.encode(cmd, SerializeType.JSON);

        assertThat(Frames.typeByte(frame)).isZero();
        assertThat(Frames.decodeFrame(frame).getCode()).isEqualTo(POP_MESSAGE);
    }
}
