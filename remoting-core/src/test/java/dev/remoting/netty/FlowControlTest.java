package dev.remoting.netty;

import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static dev.remoting.netty.LoopbackFixture.addr;
import static dev.remoting.netty.LoopbackFixture.body;
import static dev.remoting.netty.LoopbackFixture.echo;
import static dev.remoting.netty.LoopbackFixture.eventually;
import static dev.remoting.netty.LoopbackFixture.request;
import static dev.remoting.netty.LoopbackFixture.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.netty.LoopbackFixture.RecordingCallback;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Async and oneway permits: a caller that outruns its peer waits for a permit on its own thread and gives up with
 * RemotingTooMuchRequestException; every way a call ends (response, timeout, failed write, closed channel) gives its
 * permit back exactly once (docs/protocol.md §7.4).
 */
@ExtendWith(ProvokedLogs.class)
class FlowControlTest {

    private static final int PERMITS = 2;
    private static final int BLOCKING = 1;
    private static final int ECHO = 2;
    private static final int SINK = 3;

    private final LoopbackFixture fixture = new LoopbackFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static NettyClientConfig smallPermits() {
        NettyClientConfig config = LoopbackFixture.clientConfig();
        config.setClientAsyncSemaphoreValue(PERMITS);
        config.setClientOnewaySemaphoreValue(PERMITS);
        config.setClientCloseSocketIfTimeout(false);
        return config;
    }

    @Test
    void callBeyondThePermitsWaitsOnTheCallerThreadThenFailsWithTooMuchRequest() throws Exception {
        CountDownLatch gate = fixture.gate();
        AtomicInteger entered = new AtomicInteger();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(BLOCKING, (ctx, request) -> {
            entered.incrementAndGet();
            LoopbackFixture.pass(gate);
            return success(body(request));
        }, fixture.executor("blocking-", 4));
        server.start();
        NettyRemotingClient client = fixture.client(smallPermits(), null);
        String addr = addr(server);
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(PERMITS);

        RecordingCallback first = new RecordingCallback();
        RecordingCallback second = new RecordingCallback();
        client.invokeAsync(addr, request(BLOCKING, "first"), 10_000, first);
        client.invokeAsync(addr, request(BLOCKING, "second"), 10_000, second);
        eventually().until(() -> entered.get() == 2);
        assertThat(client.getAvailableAsyncPermits()).isZero();

        RecordingCallback third = new RecordingCallback();
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.invokeAsync(addr, request(BLOCKING, "third"), 300, third))
                .isInstanceOf(RemotingTooMuchRequestException.class);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waitedMillis).as("waited for a permit on the caller thread").isGreaterThanOrEqualTo(290);

        // Sync calls and invoke() draw on the same permits.
        assertThatThrownBy(() -> client.invokeSync(addr, request(BLOCKING, "sync"), 100))
                .isInstanceOf(RemotingTooMuchRequestException.class);
        CompletableFuture<RemotingCommand> future = client.invoke(addr, request(BLOCKING, "future"), 100);
        assertThatThrownBy(() -> future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RemotingTooMuchRequestException.class);
        assertThat(client.getResponseTableSize()).isEqualTo(2);
        assertThat(client.getAvailableAsyncPermits()).isZero();

        gate.countDown();
        first.awaitDone();
        second.awaitDone();
        assertThat(body(first.response.get())).isEqualTo("first");
        assertThat(body(second.response.get())).isEqualTo("second");
        eventually().until(() -> client.getAvailableAsyncPermits() == PERMITS);
        assertThat(third.completed).as("a call that never got a permit has no callback").hasValue(0);
        assertThat(entered).as("the refused calls were never sent").hasValue(2);
        assertThat(client.getResponseTableSize()).isZero();

        // And the permits really are usable again, and no more than configured.
        for (int i = 0; i < 3; i++) {
            assertThat(body(client.invokeSync(addr, request(BLOCKING, "after-" + i), 3000))).isEqualTo("after-" + i);
            assertThat(client.getAvailableAsyncPermits()).isEqualTo(PERMITS);
        }
    }

    @Test
    void permitsComeBackOnceAfterTimeoutsEvenWhenTheResponseArrivesLate() throws Exception {
        CountDownLatch gate = fixture.gate();
        AtomicInteger entered = new AtomicInteger();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        // One thread: the late responses are written before the response to the follow-up call below.
        server.registerProcessor(BLOCKING, (ctx, request) -> {
            entered.incrementAndGet();
            LoopbackFixture.pass(gate);
            return success(body(request));
        }, fixture.executor("lane-", 1));
        server.registerProcessor(ECHO, echo(), null);
        server.start();
        NettyRemotingClient client = fixture.client(smallPermits(), null);
        String addr = addr(server);
        client.invokeSync(addr, request(ECHO, "connect"), 3000);

        RecordingCallback async = new RecordingCallback();
        client.invokeAsync(addr, request(BLOCKING, "late-async"), 200, async);
        async.awaitDone();
        assertThat(async.failure.get()).isInstanceOf(RemotingTimeoutException.class);
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(PERMITS);

        assertThatThrownBy(() -> client.invokeSync(addr, request(BLOCKING, "late-sync"), 200))
                .isInstanceOf(RemotingTimeoutException.class);
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(PERMITS);
        assertThat(client.getResponseTableSize()).isZero();

        gate.countDown();
        // Same connection, same processor thread: by the time this answer is read, both late ones were read too.
        RemotingCommand followUp = client.invokeSync(addr, request(BLOCKING, "follow-up"), 3000);
        assertThat(body(followUp)).isEqualTo("follow-up");
        assertThat(entered).hasValue(3);
        assertThat(client.getAvailableAsyncPermits()).as("late responses must not release again")
                .isEqualTo(PERMITS);
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(async.completed).hasValue(1);
        assertThat(async.succeeded).hasValue(0);
        assertThat(async.failed).hasValue(1);
    }

    @Test
    void permitsComeBackAfterWritesFailOnAClosedChannel() throws Exception {
        NettyServerConfig serverConfig = LoopbackFixture.serverConfig();
        serverConfig.setServerAsyncSemaphoreValue(PERMITS);
        serverConfig.setServerOnewaySemaphoreValue(PERMITS);
        AtomicReference<Channel> clientChannel = new AtomicReference<>();
        NettyRemotingServer server = fixture.newServer(serverConfig, null);
        server.registerProcessor(ECHO, (ctx, request) -> {
            clientChannel.set(ctx.channel());
            return success(body(request));
        }, null);
        server.start();
        NettyRemotingClient client = fixture.client(smallPermits(), null);
        String addr = addr(server);
        client.invokeSync(addr, request(ECHO, "hello"), 3000);
        Channel channel = clientChannel.get();

        client.closeChannels(List.of(addr));
        eventually().until(() -> !channel.isActive() && server.getConnectionCount() == 0);

        // More failed calls of each kind than there are permits: a leaked permit would make one of them time out.
        for (int i = 0; i < PERMITS + 1; i++) {
            RecordingCallback callback = new RecordingCallback();
            server.invokeAsync(channel, request(ECHO, "async-" + i), 1000, callback);
            callback.awaitDone();
            assertThat(callback.failure.get()).isInstanceOf(RemotingSendRequestException.class);
            assertThat(callback.responseFuture.get().isSendRequestOK()).isFalse();
            assertThat(callback.thread.get().getName()).startsWith("NettyServerPublicExecutor");
            assertThat(server.getAvailableAsyncPermits()).isEqualTo(PERMITS);

            int n = i;
            assertThatThrownBy(() -> server.invokeSync(channel, request(ECHO, "sync-" + n), 1000))
                    .isInstanceOf(RemotingSendRequestException.class);
            assertThat(server.getAvailableAsyncPermits()).isEqualTo(PERMITS);

            server.invokeOneway(channel, request(ECHO, "oneway-" + i), 1000);
            eventually().until(() -> server.getAvailableOnewayPermits() == PERMITS);
        }
        assertThat(server.getResponseTableSize()).isZero();
        assertThat(server.getAvailableAsyncPermits()).isEqualTo(PERMITS);
        assertThat(server.getAvailableOnewayPermits()).isEqualTo(PERMITS);
    }

    @ParameterizedTest(name = "encoding throws an Error: {0}")
    @ValueSource(booleans = {false, true})
    void permitsComeBackAfterTheClientFailsToEncodeARequest(boolean error) throws Exception {
        BlockingQueue<String> sunk = new LinkedBlockingQueue<>();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(ECHO, echo(), null);
        server.registerProcessor(SINK, (ctx, request) -> {
            sunk.add(body(request));
            return null;
        }, null);
        server.start();
        NettyClientConfig config = smallPermits();
        config.setClientCloseSocketIfTimeout(true);
        NettyRemotingClient client = fixture.client(config, null);
        String addr = addr(server);

        for (int i = 0; i < PERMITS + 1; i++) {
            RecordingCallback callback = new RecordingCallback();
            client.invokeAsync(addr, unencodable(ECHO, error), 1000, callback);
            callback.awaitDone();
            assertThat(callback.failure.get()).isInstanceOf(RemotingSendRequestException.class);
            assertThat(callback.onNettyThread).as("callback of a failed write left the event loop").isFalse();
            assertThat(client.getAvailableAsyncPermits()).isEqualTo(PERMITS);

            assertThatThrownBy(() -> client.invokeSync(addr, unencodable(ECHO, error), 1000))
                    .isInstanceOf(RemotingSendRequestException.class);
            assertThat(client.getAvailableAsyncPermits()).isEqualTo(PERMITS);

            client.invokeOneway(addr, unencodable(SINK, error), 1000);
            eventually().until(() -> client.getAvailableOnewayPermits() == PERMITS);
        }
        assertThat(client.getResponseTableSize()).isZero();

        assertThat(body(client.invokeSync(addr, request(ECHO, "fine"), 3000))).isEqualTo("fine");
        client.invokeOneway(addr, request(SINK, "fine-oneway"), 3000);
        assertThat(sunk.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("fine-oneway");
        assertThat(sunk).as("nothing that failed to encode reached the server").isEmpty();
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(PERMITS);
        eventually().until(() -> client.getAvailableOnewayPermits() == PERMITS);
    }

    @Test
    void onewayPermitsAreHeldUntilTheWriteCompletes() throws Exception {
        BlockingQueue<String> sunk = new LinkedBlockingQueue<>();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(ECHO, echo(), null);
        server.registerProcessor(SINK, (ctx, request) -> {
            sunk.add(body(request));
            return null;
        }, null);
        server.start();
        NettyRemotingClient client = fixture.client(smallPermits(), null);
        String addr = addr(server);
        client.invokeSync(addr, request(ECHO, "connect"), 3000);

        // The client's I/O thread is held, so neither write completes and neither oneway permit comes back.
        CountDownLatch gate = fixture.gate();
        CountDownLatch holding = new CountDownLatch(1);
        client.getChannels().get(addr).eventLoop().execute(() -> {
            holding.countDown();
            try {
                LoopbackFixture.pass(gate);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        client.invokeOneway(addr, request(SINK, "stalled"), 3000);
        client.invokeOneway(addr, request(SINK, "queued"), 3000);
        assertThat(client.getAvailableOnewayPermits()).isZero();

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.invokeOneway(addr, request(SINK, "refused"), 300))
                .isInstanceOf(RemotingTooMuchRequestException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(290);

        gate.countDown();
        // The sink runs on the public executor, so the two may be processed in either order.
        assertThat(List.of(sunk.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS),
                sunk.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))).containsExactlyInAnyOrder("stalled", "queued");
        eventually().until(() -> client.getAvailableOnewayPermits() == PERMITS);
        for (int i = 0; i < PERMITS + 1; i++) {
            client.invokeOneway(addr, request(SINK, "more-" + i), 3000);
            assertThat(sunk.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("more-" + i);
        }
        eventually().until(() -> client.getAvailableOnewayPermits() == PERMITS);
        assertThat(sunk).as("the refused oneway was never sent").isEmpty();
    }

    /**
     * A request whose header cannot be encoded: its field's {@code toString} throws an exception, or an error like the
     * one a full direct memory raises.
     */
    private static RemotingCommand unencodable(int code, boolean error) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, new ValueHeader(new Object() {
            @Override
            public String toString() {
                if (error) {
                    throw new OutOfMemoryError("simulated: no memory for the frame");
                }
                throw new IllegalStateException("cannot encode this field");
            }
        }));
        request.setBody("unencodable".getBytes());
        return request;
    }

    /** A header with one field of arbitrary type, encoded through its {@code toString}. */
    static final class ValueHeader implements CommandCustomHeader {
        private Object value;

        ValueHeader() {
        }

        ValueHeader(Object value) {
            this.value = value;
        }

        @Override
        public void checkFields() {
        }
    }
}
