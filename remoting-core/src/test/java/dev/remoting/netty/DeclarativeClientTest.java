package dev.remoting.netty;

import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.exception.RemotingInvocationException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.netty.DeclarativeFixture.EchoHeader;
import dev.remoting.netty.DeclarativeFixture.Topic;
import dev.remoting.protocol.RemotingCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static dev.remoting.netty.DeclarativeFixture.ECHO;
import static dev.remoting.netty.DeclarativeFixture.EMPTY;
import static dev.remoting.netty.DeclarativeFixture.FAIL;
import static dev.remoting.netty.DeclarativeFixture.FAILURE_CODE;
import static dev.remoting.netty.DeclarativeFixture.FAILURE_REMARK;
import static dev.remoting.netty.DeclarativeFixture.GARBAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every synchronous and oneway method shape of a declarative client, against a real server over loopback. */
class DeclarativeClientTest {

    private static final int SINK = DeclarativeFixture.EMPTY;

    interface EchoApi {
        @RemotingExchange(code = ECHO)
        EchoHeader header(EchoHeader header);

        @RemotingExchange(code = ECHO)
        byte[] bytes(@Body byte[] body);

        @RemotingExchange(code = ECHO)
        ByteBuffer buffer(@Body ByteBuffer body);

        @RemotingExchange(code = ECHO)
        Topic topic(@Body Topic topic);

        @RemotingExchange(code = ECHO)
        List<Topic> topics(@Body List<Topic> topics);

        @RemotingExchange(code = ECHO)
        RemotingCommand command(EchoHeader header, @Body byte[] body);

        @RemotingExchange(code = ECHO)
        void nothing(EchoHeader header);

        @RemotingExchange(code = EMPTY)
        Topic absent();

        @RemotingExchange(code = GARBAGE)
        Topic garbage() throws RemotingCommandException;

        @RemotingExchange(code = GARBAGE)
        Topic garbageUndeclared();

        @RemotingExchange(code = FAIL)
        Topic fail();

        @RemotingExchange(code = FAIL)
        void failVoid();

        @RemotingExchange(code = FAIL)
        RemotingCommand failAsCommand();

        @RemotingExchange(code = SINK, oneway = true)
        void fire(EchoHeader header, @Body byte[] body);

        default String shout(String text) {
            return new String(bytes(text.toUpperCase().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)
                    + "!";
        }
    }

    private final DeclarativeFixture fixture = new DeclarativeFixture();
    private final EchoApi api = fixture.factory().build().createClient(EchoApi.class);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aHeaderArgumentTravelsAsExtFieldsAndAHeaderResultIsDecodedFromTheResponse() throws Exception {
        EchoHeader echoed = api.header(new EchoHeader("hello", 7));

        assertThat(echoed.text).isEqualTo("hello");
        assertThat(echoed.number).isEqualTo(7);
        RemotingCommand received = fixture.nextReceived();
        assertThat(received.getCode()).isEqualTo(ECHO);
        assertThat(received.getExtFields()).containsEntry("text", "hello").containsEntry("number", "7");
        assertThat(received.getBody()).isNull();
    }

    @Test
    void byteArrayAndByteBufferBodiesGoAsTheyAreAndComeBackAsTheyCame() throws Exception {
        assertThat(api.bytes(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat(fixture.nextReceived().getBody()).containsExactly(1, 2, 3);

        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        buffer.position(1);
        ByteBuffer echoed = api.buffer(buffer);

        assertThat(buffer.position()).as("the caller's buffer is left as it was").isEqualTo(1);
        assertThat(fixture.nextReceived().getBody()).containsExactly(8, 7, 6);
        assertThat(echoed.remaining()).isEqualTo(3);
        assertThat(echoed.get()).isEqualTo((byte) 8);
    }

    @Test
    void typedBodiesGoThroughTheCodecGenericTypesIncluded() throws Exception {
        assertThat(api.topic(new Topic("orders", 8))).isEqualTo(new Topic("orders", 8));
        assertThat(new String(fixture.nextReceived().getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"orders\",\"queues\":8}");

        List<Topic> topics = api.topics(List.of(new Topic("a", 1), new Topic("b", 2)));

        assertThat(topics).containsExactly(new Topic("a", 1), new Topic("b", 2));
    }

    @Test
    void nullArgumentsSendNoHeaderAndNoBodyAndAnAbsentBodyDecodesToNull() throws Exception {
        assertThat(api.topic(null)).isNull();
        RemotingCommand received = fixture.nextReceived();
        assertThat(received.getBody()).isNull();

        assertThat(api.bytes(null)).isNull();
        assertThat(api.absent()).isNull();
        api.nothing(null);
        assertThat(fixture.nextReceived().getExtFields()).isNullOrEmpty();
    }

    @Test
    void aRemotingCommandResultIsTheResponseAsItCameAndVoidReturnsNothing() throws Exception {
        RemotingCommand response = api.command(new EchoHeader("raw", null), new byte[] {5});

        assertThat(response.isResponseType()).isTrue();
        assertThat(response.getExtFields()).containsEntry("text", "raw");
        assertThat(response.getBody()).containsExactly(5);

        api.nothing(new EchoHeader("void", 1));
        fixture.nextReceived();
        assertThat(fixture.nextReceived().getExtFields()).containsEntry("text", "void");
    }

    @Test
    void anErrorCodeRaisesRemotingResponseExceptionUnlessTheMethodAsksForTheCommand() {
        RemotingResponseException failure = catchThrowableOfType(api::fail, RemotingResponseException.class);

        assertThat(failure.getCode()).isEqualTo(FAILURE_CODE);
        assertThat(failure.getRemark()).isEqualTo(FAILURE_REMARK);
        assertThat(failure.getResponse()).isNotNull();
        assertThat(failure.getResponse().getCode()).isEqualTo(FAILURE_CODE);
        assertThat(failure).hasMessageContaining(String.valueOf(FAIL)).hasMessageContaining(FAILURE_REMARK);
        assertThatThrownBy(api::failVoid).isInstanceOf(RemotingResponseException.class);

        RemotingCommand response = api.failAsCommand();

        assertThat(response.getCode()).isEqualTo(FAILURE_CODE);
        assertThat(response.getRemark()).isEqualTo(FAILURE_REMARK);
    }

    @Test
    void aBodyThatDoesNotDecodeIsThrownAsItIsWhenDeclaredAndWrappedWhenNot() {
        assertThatThrownBy(api::garbage).isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("Topic");

        assertThatThrownBy(api::garbageUndeclared).isInstanceOf(RemotingInvocationException.class)
                .hasMessageContaining("EchoApi.garbageUndeclared()")
                .hasCauseInstanceOf(RemotingCommandException.class);
    }

    @Test
    void aOnewayCallReachesTheServerMarkedOneway() throws Exception {
        api.fire(new EchoHeader("fire", 3), new byte[] {42});

        RemotingCommand received = fixture.nextReceived();
        assertThat(received.isOnewayRPC()).isTrue();
        assertThat(received.getCode()).isEqualTo(SINK);
        assertThat(received.getExtFields()).containsEntry("text", "fire");
        assertThat(received.getBody()).containsExactly(42);
    }

    @Test
    void defaultMethodsRunOnTheProxyAndObjectMethodsMakeNoRemoteCall() {
        assertThat(api.shout("hi")).isEqualTo("HI!");
        fixture.received.clear();

        EchoApi other = fixture.factory().build().createClient(EchoApi.class);
        assertThat(api.toString()).isEqualTo("RemotingClient proxy for EchoApi");
        assertThat(api).isEqualTo(api).isNotEqualTo(other).isNotEqualTo(null);
        assertThat(api.hashCode()).isEqualTo(System.identityHashCode(api));
        assertThat(fixture.received).isEmpty();
    }

    @Test
    void anExceptionFromTheCodecIsThrownBeforeAnythingIsSent() {
        EchoApi failing = fixture.factory().bodyCodec(new FailingCodec()).build().createClient(EchoApi.class);

        assertThatThrownBy(() -> failing.topic(new Topic("x", 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(FailingCodec.MESSAGE);
        assertThat(fixture.received).isEmpty();
    }
}
