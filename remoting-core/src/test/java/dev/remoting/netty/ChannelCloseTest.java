package dev.remoting.netty;

import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static dev.remoting.netty.LoopbackFixture.addr;
import static dev.remoting.netty.LoopbackFixture.body;
import static dev.remoting.netty.LoopbackFixture.echo;
import static dev.remoting.netty.LoopbackFixture.eventually;
import static dev.remoting.netty.LoopbackFixture.request;
import static dev.remoting.netty.LoopbackFixture.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.netty.LoopbackFixture.RecordingCallback;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connection that closes fails every call pending on it at once with RemotingSendRequestException, long before
 * the calls' own timeouts, on the client and on the server (docs/protocol.md §7.3).
 */
@ExtendWith(ProvokedLogs.class)
class ChannelCloseTest {

    /** Far beyond how long the tests take: a call that fails because of it would fail the time assertions. */
    private static final long LONG_TIMEOUT = 20_000;
    /** "At once": well under the long timeout, with room for a slow machine. */
    private static final long PROMPTLY = 5_000;

    private static final int BLOCKING = 1;
    private static final int CLOSE = 2;
    private static final int ECHO = 3;

    private final LoopbackFixture fixture = new LoopbackFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void clientCallsFailAtOnceWhenTheServerClosesTheConnection() throws Exception {
        CountDownLatch gate = fixture.gate();
        AtomicInteger entered = new AtomicInteger();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(BLOCKING, (ctx, request) -> {
            entered.incrementAndGet();
            LoopbackFixture.pass(gate);
            return success(body(request));
        }, fixture.executor("blocking-", 4));
        server.registerProcessor(CLOSE, (ctx, request) -> {
            ctx.channel().close();
            return null;
        }, null);
        server.registerProcessor(ECHO, echo(), null);
        server.start();
        NettyRemotingClient client = fixture.client();
        int permits = client.getAvailableAsyncPermits();
        String addr = addr(server);

        RecordingCallback async = new RecordingCallback();
        client.invokeAsync(addr, request(BLOCKING, "async"), LONG_TIMEOUT, async);
        CompletableFuture<RemotingCommand> future = client.invoke(addr, request(BLOCKING, "future"), LONG_TIMEOUT);
        ExecutorService caller = fixture.executor("sync-caller-", 1);
        CompletableFuture<Throwable> syncFailure = CompletableFuture.supplyAsync(() -> {
            try {
                client.invokeSync(addr, request(BLOCKING, "sync"), LONG_TIMEOUT);
                return null;
            } catch (Throwable e) {
                return e;
            }
        }, caller);
        eventually().until(() -> entered.get() == 3);
        assertThat(client.getResponseTableSize()).isEqualTo(3);

        long start = System.nanoTime();
        client.invokeOneway(addr, request(CLOSE, "close it"), 3000);

        async.awaitDone();
        assertThat(async.failure.get()).isInstanceOf(RemotingSendRequestException.class);
        assertThat(async.completed).hasValue(1);
        assertThat(async.onNettyThread).as("callback ran on %s", async.thread.get().getName()).isFalse();
        assertThat(async.thread.get().getName()).startsWith("NettyClientPublicExecutor");
        Throwable futureFailure = future.handle((response, error) -> error).get(PATIENCE.toMillis(),
                TimeUnit.MILLISECONDS);
        assertThat(futureFailure).isInstanceOf(RemotingSendRequestException.class);
        assertThat(syncFailure.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(RemotingSendRequestException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(PROMPTLY);
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(permits);

        // The blocked processors' answers go nowhere; the client reconnects for the next call.
        gate.countDown();
        assertThat(body(client.invokeSync(addr, request(ECHO, "next"), 3000))).isEqualTo("next");
        assertThat(async.completed).hasValue(1);
    }

    @Test
    void clientCallsFailAtOnceWhenTheClientClosesTheConnection() throws Exception {
        CountDownLatch gate = fixture.gate();
        AtomicInteger entered = new AtomicInteger();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(BLOCKING, (ctx, request) -> {
            entered.incrementAndGet();
            LoopbackFixture.pass(gate);
            return success(body(request));
        }, fixture.executor("blocking-", 4));
        server.start();
        NettyClientConfig config = LoopbackFixture.clientConfig();
        config.setClientAsyncSemaphoreValue(2);
        NettyRemotingClient client = fixture.client(config, null);
        String addr = addr(server);

        RecordingCallback first = new RecordingCallback();
        RecordingCallback second = new RecordingCallback();
        client.invokeAsync(addr, request(BLOCKING, "1"), LONG_TIMEOUT, first);
        client.invokeAsync(addr, request(BLOCKING, "2"), LONG_TIMEOUT, second);
        eventually().until(() -> entered.get() == 2);
        assertThat(client.getAvailableAsyncPermits()).isZero();

        long start = System.nanoTime();
        client.closeChannels(List.of(addr));
        first.awaitDone();
        second.awaitDone();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(PROMPTLY);
        assertThat(first.failure.get()).isInstanceOf(RemotingSendRequestException.class);
        assertThat(second.failure.get()).isInstanceOf(RemotingSendRequestException.class);
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(2);
        eventually().until(() -> server.getConnectionCount() == 0);
    }

    @Test
    void serverCallsFailAtOnceWhenTheClientClosesTheConnection() throws Exception {
        AtomicReference<Channel> clientChannel = new AtomicReference<>();
        NettyServerConfig serverConfig = LoopbackFixture.serverConfig();
        serverConfig.setServerAsyncSemaphoreValue(4);
        NettyRemotingServer server = fixture.newServer(serverConfig, null);
        server.registerProcessor(ECHO, (ctx, request) -> {
            clientChannel.set(ctx.channel());
            return success(body(request));
        }, null);
        server.start();

        CountDownLatch gate = fixture.gate();
        AtomicInteger entered = new AtomicInteger();
        NettyRemotingClient client = fixture.newClient(LoopbackFixture.clientConfig(), null);
        client.registerProcessor(BLOCKING, (ctx, request) -> {
            entered.incrementAndGet();
            LoopbackFixture.pass(gate);
            return success(body(request));
        }, fixture.executor("client-blocking-", 4));
        client.start();
        String addr = addr(server);
        client.invokeSync(addr, request(ECHO, "hello"), 3000);
        Channel channel = clientChannel.get();

        RecordingCallback first = new RecordingCallback();
        RecordingCallback second = new RecordingCallback();
        server.invokeAsync(channel, request(BLOCKING, "1"), LONG_TIMEOUT, first);
        server.invokeAsync(channel, request(BLOCKING, "2"), LONG_TIMEOUT, second);
        ExecutorService caller = fixture.executor("server-sync-caller-", 1);
        CompletableFuture<Throwable> syncFailure = CompletableFuture.supplyAsync(() -> {
            try {
                server.invokeSync(channel, request(BLOCKING, "3"), LONG_TIMEOUT);
                return null;
            } catch (Throwable e) {
                return e;
            }
        }, caller);
        eventually().until(() -> entered.get() == 3);
        assertThat(server.getResponseTableSize()).isEqualTo(3);
        assertThat(server.getAvailableAsyncPermits()).isEqualTo(1);

        long start = System.nanoTime();
        client.closeChannels(List.of(addr));
        first.awaitDone();
        second.awaitDone();
        assertThat(syncFailure.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(RemotingSendRequestException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(PROMPTLY);
        assertThat(first.failure.get()).isInstanceOf(RemotingSendRequestException.class);
        assertThat(second.failure.get()).isInstanceOf(RemotingSendRequestException.class);
        assertThat(first.thread.get().getName()).startsWith("NettyServerPublicExecutor");
        assertThat(first.completed).hasValue(1);
        assertThat(second.completed).hasValue(1);
        assertThat(server.getResponseTableSize()).isZero();
        assertThat(server.getAvailableAsyncPermits()).isEqualTo(4);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void onlyCallsOnTheClosedConnectionFail() throws Exception {
        CountDownLatch gate = fixture.gate();
        AtomicInteger entered = new AtomicInteger();
        NettyRemotingServer closing = fixture.newServer(LoopbackFixture.serverConfig(), null);
        closing.registerProcessor(CLOSE, (ctx, request) -> {
            ctx.channel().close();
            return null;
        }, null);
        closing.start();
        NettyRemotingServer other = fixture.newServer(LoopbackFixture.serverConfig(), null);
        other.registerProcessor(BLOCKING, (ctx, request) -> {
            entered.incrementAndGet();
            LoopbackFixture.pass(gate);
            return success(body(request));
        }, fixture.executor("other-", 2));
        other.start();
        NettyRemotingClient client = fixture.client();

        RecordingCallback onOther = new RecordingCallback();
        client.invokeAsync(addr(other), request(BLOCKING, "survivor"), LONG_TIMEOUT, onOther);
        eventually().until(() -> entered.get() == 1);
        RecordingCallback onClosing = new RecordingCallback();
        client.invokeAsync(addr(closing), request(CLOSE, "victim"), LONG_TIMEOUT, onClosing);
        onClosing.awaitDone();
        assertThat(onClosing.failure.get()).isInstanceOf(RemotingSendRequestException.class);
        assertThat(onOther.completed).hasValue(0);
        assertThat(client.getResponseTableSize()).isEqualTo(1);

        gate.countDown();
        onOther.awaitDone();
        assertThat(body(onOther.response.get())).isEqualTo("survivor");
        assertThat(client.getResponseTableSize()).isZero();
    }
}
