package dev.remoting.spring.boot.autoconfigure.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.annotation.Body;
import dev.remoting.codec.BodyCodec;
import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.ChannelHandlerContext;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The start-up checks of {@link HandlerMethodProcessor}, and when it asks for the codec. */
class HandlerMethodProcessorTests {

    private static final Supplier<BodyCodec> NO_CODEC = () -> {
        throw new AssertionError("the codec was asked for");
    };

    @Test
    void aMethodWithoutTypedBodiesNeverAsksForTheCodecAndAnUnannotatedByteArrayIsStillTheBody() throws Exception {
        NettyRequestProcessor processor = processorOf("raw", NO_CODEC);
        RemotingCommand request = RemotingCommand.createRequestCommand(1, null);
        request.setBody("abc".getBytes(StandardCharsets.UTF_8));

        RemotingCommand response = processor.processRequest(mock(ChannelHandlerContext.class), request);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.getBody()).asString(StandardCharsets.UTF_8).isEqualTo("cba");
    }

    @Test
    void twoBodyParametersFailNamingTheMethod() {
        assertThatIllegalStateException().isThrownBy(() -> processorOf("twoBodies", JacksonBodyCodec::new))
                .withMessage("method 'h#twoBodies' has more than one @Body parameter");
    }

    @Test
    void aPrimitiveBodyParameterFailsSinceAnAbsentBodyCannotBeOne() {
        assertThatIllegalStateException().isThrownBy(() -> processorOf("primitive", JacksonBodyCodec::new))
                .withMessageContaining("@Body parameter 0 of method 'h#primitive' has type int");
    }

    @Test
    void aFutureWithoutATypeArgumentFailsListingWhatIsSupported() {
        assertThatIllegalStateException().isThrownBy(() -> processorOf("rawFuture", JacksonBodyCodec::new))
                .withMessageStartingWith("method 'h#rawFuture' returns java.util.concurrent.CompletableFuture; "
                        + "supported are void, RemotingCommand");
    }

    @Test
    void anUnannotatedParameterOfAnotherTypeFailsPointingToBody() {
        assertThatIllegalStateException().isThrownBy(() -> processorOf("unannotated", JacksonBodyCodec::new))
                .withMessageContaining("Parameter 0 of method 'h#unannotated' has type java.lang.String")
                .withMessageContaining("one @Body parameter");
    }

    private static NettyRequestProcessor processorOf(String name, Supplier<BodyCodec> codec) {
        Method method = Arrays.stream(Handlers.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
        return HandlerMethodProcessor.of(new Handlers(), method, "method 'h#" + name + "'", codec);
    }

    static class Handlers {

        byte[] raw(byte[] body) {
            byte[] reversed = new byte[body.length];
            for (int i = 0; i < body.length; i++) {
                reversed[i] = body[body.length - 1 - i];
            }
            return reversed;
        }

        void twoBodies(@Body String first, @Body String second) {
        }

        void primitive(@Body int count) {
        }

        @SuppressWarnings("rawtypes")
        CompletableFuture rawFuture() {
            return CompletableFuture.completedFuture(null);
        }

        void unannotated(String text) {
        }
    }
}
