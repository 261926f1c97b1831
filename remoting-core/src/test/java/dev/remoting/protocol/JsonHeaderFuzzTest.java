package dev.remoting.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Differential fuzzing of the two JSON header readers: whenever the fast {@link JsonHeaderReader} accepts a header,
 * the lenient Jackson parser must accept it too and read exactly the same fields; when it declines, it must leave
 * the command untouched. The decoders' other properties (which exceptions, how much they allocate) are fuzzed through
 * the frame codec in {@code dev.remoting.netty.DecoderFuzzTest}.
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/dev/remoting/protocol/JsonHeaderFuzzTestInputs/
 * fastReaderAgreesWithLenientParser/}; see {@code DecoderFuzzTest} for the command that fuzzes for real.
 */
class JsonHeaderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fastReaderAgreesWithLenientParser(byte[] header) {
        RemotingCommand lenient = new RemotingCommand();
        boolean lenientAccepted;
        ByteBuf in = Unpooled.wrappedBuffer(header);
        try {
            JsonHeaderCodec.decodeLenient(in, lenient);
            lenientAccepted = true;
        } catch (RemotingCommandException e) {
            lenientAccepted = false;
        } finally {
            in.release();
        }

        RemotingCommand fast = new RemotingCommand();
        String before = fields(fast);
        in = Unpooled.wrappedBuffer(header);
        try {
            if (JsonHeaderReader.tryRead(in, fast)) {
                assertThat(lenientAccepted).as("the lenient parser accepts what the fast reader accepted").isTrue();
                assertThat(fields(fast)).as("the same fields from both readers").isEqualTo(fields(lenient));
                assertThat(in.isReadable()).as("the fast reader consumed the header").isFalse();
            } else {
                assertThat(fields(fast)).as("a declined header leaves the command as it was").isEqualTo(before);
                assertThat(in.readerIndex()).as("a declined header is not consumed").isZero();
            }
        } finally {
            in.release();
        }
    }

    private static String fields(RemotingCommand cmd) {
        return "code=" + cmd.getCode() + " language=" + cmd.getLanguage() + " version=" + cmd.getVersion()
                + " opaque=" + cmd.getOpaque() + " flag=" + cmd.getFlag() + " remark=" + cmd.getRemark()
                + " extFields=" + cmd.getExtFields() + " body=" + Arrays.toString(cmd.getBody());
    }
}
