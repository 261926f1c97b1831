package dev.remoting.netty;

import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.netty.DeclarativeFixture.EchoHeader;
import dev.remoting.netty.DeclarativeFixture.Topic;
import dev.remoting.protocol.RemotingCommand;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static dev.remoting.netty.DeclarativeFixture.ECHO;
import static dev.remoting.netty.DeclarativeFixture.EMPTY;
import static dev.remoting.netty.DeclarativeFixture.FAIL;
import static dev.remoting.netty.DeclarativeFixture.FAILURE_CODE;
import static dev.remoting.netty.DeclarativeFixture.FAILURE_REMARK;
import static dev.remoting.netty.DeclarativeFixture.GARBAGE;
import static dev.remoting.netty.DeclarativeFixture.STALL;
import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

/** Asynchronous declarative methods: a {@code CompletableFuture} of every result shape, and how they fail. */
@ExtendWith(ProvokedLogs.class)
class DeclarativeAsyncTest {

    interface AsyncApi {
        @RemotingExchange(code = ECHO)
        CompletableFuture<EchoHeader> header(EchoHeader header);

        @RemotingExchange(code = ECHO)
        CompletableFuture<byte[]> bytes(@Body byte[] body);

        @RemotingExchange(code = ECHO)
        CompletableFuture<ByteBuffer> buffer(@Body ByteBuffer body);

        @RemotingExchange(code = ECHO)
        CompletableFuture<Topic> topic(@Body Topic topic);

        @RemotingExchange(code = ECHO)
        CompletableFuture<List<Topic>> topics(@Body List<Topic> topics);

        @RemotingExchange(code = ECHO)
        CompletableFuture<RemotingCommand> command(EchoHeader header);

        @RemotingExchange(code = ECHO)
        CompletableFuture<Void> nothing(EchoHeader header);

        @RemotingExchange(code = EMPTY)
        CompletableFuture<Topic> absent();

        @RemotingExchange(code = GARBAGE)
        CompletableFuture<Topic> garbage();

        @RemotingExchange(code = FAIL)
        CompletableFuture<Topic> fail();

        @RemotingExchange(code = FAIL)
        CompletableFuture<RemotingCommand> failAsCommand();

        @RemotingExchange(code = STALL, timeoutMillis = 200)
        CompletableFuture<Topic> stall();
    }

    private final DeclarativeFixture fixture = new DeclarativeFixture();
    private final AsyncApi api = fixture.factory().build().createClient(AsyncApi.class);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void everyResultShapeCompletesTheFuture() throws Exception {
        EchoHeader header = get(api.header(new EchoHeader("async", 5)));
        assertThat(header.text).isEqualTo("async");
        assertThat(header.number).isEqualTo(5);
        assertThat(get(api.bytes(new byte[] {1, 2}))).containsExactly(1, 2);
        assertThat(get(api.buffer(ByteBuffer.wrap(new byte[] {3}))).get()).isEqualTo((byte) 3);
        assertThat(get(api.topic(new Topic("t", 4)))).isEqualTo(new Topic("t", 4));
        assertThat(get(api.topics(List.of(new Topic("u", 1))))).containsExactly(new Topic("u", 1));
        assertThat(get(api.command(new EchoHeader("c", null))).getExtFields()).containsEntry("text", "c");
        assertThat(get(api.nothing(new EchoHeader("v", null)))).isNull();
        assertThat(get(api.absent())).isNull();
        assertThat(fixture.received).hasSize(8);
    }

    @Test
    void anErrorCodeCompletesTheFutureWithRemotingResponseExceptionItself() throws Exception {
        CompletableFuture<Topic> future = api.fail();

        Throwable seen = future.handle((value, failure) -> failure).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(seen).isInstanceOf(RemotingResponseException.class);
        RemotingResponseException failure = (RemotingResponseException) seen;
        assertThat(failure.getCode()).isEqualTo(FAILURE_CODE);
        assertThat(failure.getRemark()).isEqualTo(FAILURE_REMARK);
        assertThat(failure.getResponse()).isNotNull();
        assertThat(failure(future)).isSameAs(failure);

        RemotingCommand response = get(api.failAsCommand());
        assertThat(response.getCode()).isEqualTo(FAILURE_CODE);
    }

    @Test
    void aTimeoutOrABodyThatDoesNotDecodeCompletesTheFutureWithTheOriginalException() throws Exception {
        assertThat(failure(api.stall())).isInstanceOf(RemotingTimeoutException.class);
        assertThat(failure(api.garbage())).isInstanceOf(RemotingCommandException.class);
    }

    @Test
    void aBodyThatCannotBeEncodedFailsTheFutureInsteadOfThrowing() throws Exception {
        AsyncApi failing = fixture.factory().bodyCodec(new FailingCodec()).build().createClient(AsyncApi.class);

        CompletableFuture<Topic> future = failing.topic(new Topic("x", 1));

        assertThat(failure(future)).isInstanceOf(IllegalArgumentException.class).hasMessage(FailingCodec.MESSAGE);
        assertThat(fixture.received).isEmpty();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The failure that {@code get} reports: the exception itself, with no CompletionException between. */
    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the future completed normally");
    }
}
