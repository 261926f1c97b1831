package dev.remoting.protocol;

import static dev.remoting.protocol.Frames.jsonFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RemotingCommandCodec#decode(ByteBuf, HeaderLimits)} refuses a header longer than the limit before parsing
 * it, and stops reading extFields at the entry over the limit, in the binary codec and in both JSON readers
 * (docs/protocol.md §8.6).
 */
class HeaderLimitsCodecTest {

    private static RemotingCommand decode(byte[] frameWithoutLength, HeaderLimits limits)
            throws RemotingCommandException {
        ByteBuf in = Unpooled.wrappedBuffer(frameWithoutLength);
        try {
            return RemotingCommandCodec.decode(in, limits);
        } finally {
            in.release();
        }
    }

    private static byte[] encodedWithFields(SerializeType type, int fields) {
        RemotingCommand cmd = Frames.command(12, 34, 0);
        for (int i = 0; i < fields; i++) {
            cmd.addExtField("key" + i, "value" + i);
        }
        byte[] frame = Frames.encode(cmd, type);
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void extFieldsUpToTheLimitDecodeAndOneMoreFails(SerializeType type) throws Exception {
        assertThat(decode(encodedWithFields(type, 8), new HeaderLimits(4096, 8)).getExtFields()).hasSize(8);

        assertThatThrownBy(() -> decode(encodedWithFields(type, 9), new HeaderLimits(4096, 8)))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("more than 8 extFields entries");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aHeaderUpToTheLimitDecodesAndOneByteMoreFails(SerializeType type) throws Exception {
        byte[] frame = encodedWithFields(type, 3);
        int headerLength = Frames.intAt(frame, 0) & RemotingCommandCodec.MAX_HEADER_LENGTH;

        assertThat(decode(frame, new HeaderLimits(headerLength, 3)).getOpaque()).isEqualTo(34);
        assertThatThrownBy(() -> decode(frame, new HeaderLimits(headerLength - 1, 3)))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("header of " + headerLength + " bytes exceeds the " + (headerLength - 1)
                        + "-byte header limit");
    }

    @Test
    void theLenientJsonParserCountsEntriesToo() throws Exception {
        StringJoiner fields = new StringJoiner(", ", "{ \"code\": 1, \"opaque\": 2, \"extFields\": { ", " } }");
        for (int i = 0; i < 5; i++) {
            fields.add("\"k" + i + "\": " + (i % 2 == 0 ? "null" : "{\"nested\": [1, 2]}"));
        }
        String header = fields.toString();

        assertThat(decode(jsonFrame(header), new HeaderLimits(4096, 5)).getOpaque()).isEqualTo(2);
        assertThatThrownBy(() -> decode(jsonFrame(header), new HeaderLimits(4096, 4)))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("more than 4 extFields entries");
    }

    @Test
    void theFastJsonReaderFailsAtTheEntryOverTheLimitLeavingTheCommandAlone() {
        RemotingCommand cmd = new RemotingCommand();
        ByteBuf in = Unpooled.wrappedBuffer(Frames.utf8("{\"code\":1,\"extFields\":{\"a\":\"1\",\"b\":\"2\"},"
                + "\"opaque\":3}"));
        try {
            assertThatThrownBy(() -> JsonHeaderReader.tryRead(in, cmd, 1))
                    .isInstanceOf(RemotingCommandException.class)
                    .hasMessageContaining("more than 1 extFields entries");
            assertThat(cmd.getExtFields()).isNull();
            assertThat(cmd.getCode()).isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void withoutLimitsTheFormatsOwnApply() throws Exception {
        assertThat(Frames.decode(encodedWithFields(SerializeType.ROCKETMQ, 2000)).getExtFields()).hasSize(2000);
        assertThat(HeaderLimits.NONE.maxHeaderLength()).isEqualTo(RemotingCommandCodec.MAX_HEADER_LENGTH);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new HeaderLimits(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxHeaderLength");
        assertThatThrownBy(() -> new HeaderLimits(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxExtFields");
    }
}
