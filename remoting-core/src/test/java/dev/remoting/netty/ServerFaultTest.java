package dev.remoting.netty;

import dev.remoting.InvokeCallback;
import dev.remoting.ResponseFuture;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/**
 * Server faults as a client sees them. Complements {@link ShutdownTest} (async calls failing on server shutdown),
 * {@link ChannelCloseTest} (a closed connection) and {@link ClientConnectionTest} (a name server that was never up):
 * here every kind of call is in flight when the server stops, the same server comes back on the same port, and the
 * chosen one of two name servers goes down, or hangs, under a running client.
 */
@ExtendWith(ProvokedLogs.class)
class ServerFaultTest {

    private static final int BLOCK = 2;
    /** Far beyond the test: a call that ended because of it would fail the "promptly" assertions. */
    private static final long CALL_TIMEOUT_MILLIS = 30_000;
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final int ASYNC_PERMITS = 100;
    private static final int ONEWAY_PERMITS = 50;

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void tearDown() {
        try {
            fixture.close();
        } finally {
            callers.shutdownNow();
        }
    }

    private static String echo(NettyRemotingClient client, String addr, String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr, echoRequest(text), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void stoppingTheServerFailsEveryPendingCallPromptlyAndReturnsEveryPermit() throws Exception {
        CountDownLatch release = fixture.latch();
        AtomicInteger entered = new AtomicInteger();
        NettyServerConfig serverConfig = ServerClientFixture.serverConfig();
        serverConfig.setServerCallbackExecutorThreads(32);
        NettyRemotingServer server = fixture.server(serverConfig, s -> s.registerProcessor(BLOCK, (ctx, request) -> {
            entered.incrementAndGet();
            release.await(60, TimeUnit.SECONDS);
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }, null));
        NettyClientConfig clientConfig = ServerClientFixture.clientConfig();
        clientConfig.setClientAsyncSemaphoreValue(ASYNC_PERMITS);
        clientConfig.setClientOnewaySemaphoreValue(ONEWAY_PERMITS);
        NettyRemotingClient client = fixture.client(clientConfig);
        String addr = addr(server);
        echo(client, addr, "connected");

        // 4 sync calls on their own threads, 12 async calls with callbacks, 12 with futures: all blocked in the
        // server, so that they are all pending when it stops.
        List<Future<Throwable>> syncCalls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            syncCalls.add(callers.submit(() -> {
                try {
                    client.invokeSync(addr, ServerClientFixture.request(BLOCK, null), CALL_TIMEOUT_MILLIS);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            }));
        }
        List<CompletableFuture<Throwable>> callbacks = new ArrayList<>();
        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            callbacks.add(invokeWithCallback(client, addr));
            futures.add(client.invoke(addr, ServerClientFixture.request(BLOCK, null), CALL_TIMEOUT_MILLIS));
        }
        for (int i = 0; i < 10; i++) {
            client.invokeOneway(addr, echoRequest("oneway " + i), 3000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> entered.get() == 28);
        assertThat(client.getResponseTableSize()).isEqualTo(28);
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(ASYNC_PERMITS - 28);

        long start = System.nanoTime();
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown, callers);

        for (Future<Throwable> call : syncCalls) {
            assertThat(call.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(RemotingSendRequestException.class);
        }
        for (CompletableFuture<Throwable> call : callbacks) {
            assertThat(call.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(RemotingSendRequestException.class);
        }
        for (CompletableFuture<RemotingCommand> call : futures) {
            assertThat(call.handle((response, failure) -> failure).get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(RemotingSendRequestException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("every call failed long before its 30s timeout")
                .isLessThan(PROMPTLY);
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(ASYNC_PERMITS);
        await().atMost(PROMPTLY).until(() -> client.getAvailableOnewayPermits() == ONEWAY_PERMITS);
        assertThat(client.getConnectionCount()).isZero();

        release.countDown();
        shutdown.get(10, TimeUnit.SECONDS);
    }

    /** Starts an async call whose callback completes the returned future with the failure (null on success). */
    private static CompletableFuture<Throwable> invokeWithCallback(NettyRemotingClient client, String addr)
            throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        client.invokeAsync(addr, ServerClientFixture.request(BLOCK, null), CALL_TIMEOUT_MILLIS, new InvokeCallback() {
            @Override
            public void operationComplete(ResponseFuture responseFuture) {
                if (calls.incrementAndGet() > 1) {
                    outcome.obtrudeValue(new AssertionError("callback ran twice"));
                }
            }

            @Override
            public void operationSucceed(RemotingCommand response) {
                outcome.complete(null);
            }

            @Override
            public void operationFail(Throwable throwable) {
                outcome.complete(throwable);
            }
        });
        return outcome;
    }

    @Test
    void theClientReconnectsByItselfWhenTheServerComesBackOnTheSamePort() throws Exception {
        NettyRemotingServer first = fixture.server();
        int port = first.localListenPort();
        String addr = addr(first);
        NettyRemotingClient client = fixture.client();
        assertThat(echo(client, addr, "first life")).isEqualTo("first life");

        first.shutdown();
        await().atMost(PROMPTLY).until(() -> client.getConnectionCount() == 0);
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.invokeSync(addr, echoRequest("nobody home"), CALL_TIMEOUT_MILLIS))
                .isInstanceOf(RemotingConnectException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at once, not after the call timeout")
                .isLessThan(PROMPTLY);

        NettyRemotingServer second = restartOn(port);
        assertThat(second.localListenPort()).isEqualTo(port);

        // No reconnect call, no new address: the next call simply works.
        assertThat(echo(client, addr, "second life")).isEqualTo("second life");
        assertThat(client.getConnectionCount()).isEqualTo(1);
        assertThat(second.getConnectionCount()).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(echo(client, addr, "again " + i)).isEqualTo("again " + i);
        }
        assertThat(second.getConnectionCount()).as("one connection, reused").isEqualTo(1);
    }

    /**
     * A new server on exactly the given port. Binding right after the old one closed can rarely fail (another
     * process may grab the port in between): retry for a few seconds.
     */
    private NettyRemotingServer restartOn(int port) {
        AtomicReference<NettyRemotingServer> started = new AtomicReference<>();
        await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> {
            NettyServerConfig config = ServerClientFixture.serverConfig();
            config.setListenPort(port);
            try {
                started.set(fixture.server(config, s -> {
                }));
                return true;
            } catch (IllegalStateException bindFailed) {
                return false; // "cannot bind ...": the port is still (or again) taken
            }
        });
        return started.get();
    }

    @Test
    void whenTheChosenNameServerStopsNullAddressCallsMoveToTheOtherWithinTheConnectTimeout() throws Exception {
        NettyRemotingServer first = fixture.server();
        NettyRemotingServer second = fixture.server();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setConnectTimeoutMillis(1000);
        NettyRemotingClient client = fixture.client(config);
        client.updateNameServerAddressList(List.of(addr(first), addr(second)));
        assertThat(echo(client, null, "choose")).isEqualTo("choose");
        String chosen = client.getChosenNameServer();
        NettyRemotingServer down = chosen.equals(addr(first)) ? first : second;
        NettyRemotingServer up = down == first ? second : first;

        down.shutdown();
        await().atMost(PROMPTLY).until(() -> client.getConnectionCount() == 0);

        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            assertThat(echo(client, null, "failover " + i)).isEqualTo("failover " + i);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("within the 1s connect timeout")
                    .isLessThan(Duration.ofMillis(1000));
            assertThat(client.getChosenNameServer()).isEqualTo(addr(up));
            // Drop the connection so that the next call chooses again, and may try the stopped server first.
            client.closeChannels(List.of(addr(up)));
            await().atMost(PROMPTLY).until(() -> client.getConnectionCount() == 0);
        }
    }

    @Test
    void aNameServerThatHangsCostsAtMostOneConnectTimeout() throws Exception {
        // A listener whose backlog is full and that never accepts: the kernel drops the SYNs, connecting hangs.
        ServerSocket stuck = fixture.closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        int fillers = 0;
        for (int i = 0; i < 4; i++) {
            Socket filler = fixture.closeLater(new Socket());
            try {
                filler.connect(stuck.getLocalSocketAddress(), 200);
                fillers++;
            } catch (java.io.IOException full) {
                break;
            }
        }
        assertThat(fillers).isPositive();
        NettyRemotingServer live = fixture.server();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setConnectTimeoutMillis(500);
        NettyRemotingClient client = fixture.client(config);
        String hanging = "127.0.0.1:" + stuck.getLocalPort();
        client.updateNameServerAddressList(List.of(hanging, addr(live)));

        // Round robin: over four fresh choices the hanging server comes first at least once.
        Duration slowest = Duration.ZERO;
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            assertThat(echo(client, null, "past the hang " + i)).isEqualTo("past the hang " + i);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("one 500ms connect timeout, and change").isLessThan(Duration.ofMillis(500 + 1000));
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
            assertThat(client.getChosenNameServer()).isEqualTo(addr(live));
            client.closeChannels(List.of(addr(live)));
            await().atMost(PROMPTLY).until(() -> live.getConnectionCount() == 0);
        }
        assertThat(slowest).as("the hanging server was tried, and waited for").isGreaterThan(Duration.ofMillis(400));
    }

    /**
     * A name server whose socket is up but that never answers (a listener that never accepts: the kernel completes
     * the handshakes). Sync calls used to leave it only by closing the connection on timeout, async calls never:
     * now one timeout of either moves "any name server" calls on, with the connection kept (the starter's
     * {@code close-socket-if-timeout=false}).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sync", "async", "invoke"})
    void callsMoveOffANameServerThatStopsAnswering(String mode) throws Exception {
        ServerSocket frozen = fixture.closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        String frozenAddr = "127.0.0.1:" + frozen.getLocalPort();
        NettyRemotingServer live = fixture.server();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setClientCloseSocketIfTimeout(false);
        NettyRemotingClient client = fixture.client(config);
        // Chosen while it was the only one; a new list that still holds it keeps it chosen.
        client.updateNameServerAddressList(List.of(frozenAddr));
        client.invokeOneway(null, echoRequest("choose"), 1000);
        client.updateNameServerAddressList(List.of(frozenAddr, addr(live)));
        assertThat(client.getChosenNameServer()).isEqualTo(frozenAddr);

        int timedOut = 0;
        int answered = 0;
        for (int i = 0; i < 20; i++) {
            try {
                RemotingCommand response = call(client, mode, echoRequest("call " + i), 300);
                assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
                answered++;
            } catch (RemotingTimeoutException e) {
                timedOut++;
            }
        }

        // Round robin from the frozen one: the next choice is the live one, or at worst the frozen one once more.
        assertThat(timedOut).isBetween(1, 2);
        assertThat(answered).isEqualTo(20 - timedOut);
        assertThat(client.getChosenNameServer()).isEqualTo(addr(live));
        assertThat(client.getResponseTableSize()).isZero();
    }

    private static RemotingCommand call(NettyRemotingClient client, String mode, RemotingCommand request,
            long timeoutMillis) throws Exception {
        CompletableFuture<RemotingCommand> result;
        switch (mode) {
            case "sync" -> {
                return client.invokeSync(null, request, timeoutMillis);
            }
            case "invoke" -> result = client.invoke(null, request, timeoutMillis);
            default -> {
                CompletableFuture<RemotingCommand> done = new CompletableFuture<>();
                client.invokeAsync(null, request, timeoutMillis, new FutureCallback(done));
                result = done;
            }
        }
        try {
            return result.get(timeoutMillis + 5000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RemotingTimeoutException timeout) {
                throw timeout;
            }
            throw e;
        }
    }
}
