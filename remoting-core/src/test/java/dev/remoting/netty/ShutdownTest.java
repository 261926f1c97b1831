package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shutting down fails what is pending, stops every thread, and can drain gracefully (docs/protocol.md §7.3,
 * §7.7).
 */
@ExtendWith(ProvokedLogs.class)
class ShutdownTest {

    private static final int BLOCK = 2;
    private static final String[] THREAD_PREFIXES = {"NettyServer", "NettyClient", "NettyNIOBoss", "NettyEPOLLBoss",
        "ServerHouseKeeping", "ClientHouseKeeping"};

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final AtomicInteger entered = new AtomicInteger();
    private Set<Thread> threadsBefore;
    private CountDownLatch release;

    @BeforeEach
    void setUp() {
        threadsBefore = ServerClientFixture.liveThreads(THREAD_PREFIXES);
        release = fixture.latch();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** A server whose BLOCK processor waits for {@link #release}; ECHO answers at once. */
    private NettyRemotingServer blockingServer(NettyServerConfig config) {
        return fixture.server(config, s -> s.registerProcessor(BLOCK, (ctx, request) -> {
            entered.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody("released".getBytes(StandardCharsets.UTF_8));
            return response;
        }, null));
    }

    private static void assertEcho(NettyRemotingClient client, String addr, String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr, echoRequest(text), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    private List<CompletableFuture<RemotingCommand>> blockedCalls(NettyRemotingClient client, String addr, int count) {
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(client.invoke(addr, ServerClientFixture.request(BLOCK, null), 30_000));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> entered.get() == count);
        return calls;
    }

    private static void assertFailsWithSendRequestException(CompletableFuture<RemotingCommand> call) {
        assertThatThrownBy(() -> call.get(3, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RemotingSendRequestException.class);
    }

    private void awaitNoNewRemotingThreads() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<Thread> alive = ServerClientFixture.liveThreads(THREAD_PREFIXES);
            alive.removeAll(threadsBefore);
            assertThat(alive).extracting(Thread::getName).isEmpty();
        });
    }

    @Test
    void serverShutdownFailsTheClientsCallsInFlightPromptly() throws Exception {
        NettyRemotingServer server = blockingServer(ServerClientFixture.serverConfig());
        NettyRemotingClient client = fixture.client();
        List<CompletableFuture<RemotingCommand>> calls = blockedCalls(client, addr(server), 3);

        long start = System.nanoTime();
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);

        for (CompletableFuture<RemotingCommand> call : calls) {
            assertFailsWithSendRequestException(call);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before the 30s call timeout")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(client.getConfig().getClientAsyncSemaphoreValue());

        release.countDown();
        shutdown.get(10, TimeUnit.SECONDS);
        assertThat(server.getConnectionCount()).isZero();
        assertThat(server.localListenPort()).isEqualTo(-1);
    }

    @Test
    void noRemotingThreadSurvivesShutdown() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        NettyRemotingServer server = blockingServer(config);
        NettyRemotingClient client = fixture.client();
        assertEcho(client, addr(server), "threads");
        assertThat(ServerClientFixture.liveThreads(THREAD_PREFIXES)).hasSizeGreaterThan(threadsBefore.size());

        client.shutdown();
        server.shutdown();

        awaitNoNewRemotingThreads();
    }

    @Test
    void noRemotingThreadSurvivesShutdownOfAnEpollServer() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setUseEpollNativeSelector(true);
        NettyRemotingServer server = blockingServer(config);
        NettyRemotingClient client = fixture.client();
        assertEcho(client, addr(server), "epoll threads");

        client.shutdown();
        server.shutdown();

        awaitNoNewRemotingThreads();
    }

    @Test
    void newInstancesStartServeAndStopRepeatedly() throws Exception {
        for (int round = 0; round < 3; round++) {
            NettyRemotingServer server = new NettyRemotingServer(ServerClientFixture.serverConfig());
            server.registerProcessor(ServerClientFixture.ECHO, ServerClientFixture.echo(), null);
            NettyRemotingClient client = new NettyRemotingClient(ServerClientFixture.clientConfig());
            try {
                server.start();
                client.start();
                assertEcho(client, addr(server), "round " + round);
            } finally {
                client.shutdown();
                server.shutdown();
            }
        }
        awaitNoNewRemotingThreads();
    }

    @Test
    void shutdownIsIdempotent() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyRemotingClient client = fixture.client();
        assertEcho(client, addr(server), "once");

        client.shutdown();
        assertThatCode(client::shutdown).doesNotThrowAnyException();
        server.shutdown();
        assertThatCode(server::shutdown).doesNotThrowAnyException();

        // Instances that never started can be shut down too.
        NettyRemotingServer neverStartedServer = new NettyRemotingServer(ServerClientFixture.serverConfig());
        NettyRemotingClient neverStartedClient = new NettyRemotingClient(ServerClientFixture.clientConfig());
        assertThatCode(neverStartedServer::shutdown).doesNotThrowAnyException();
        assertThatCode(neverStartedClient::shutdown).doesNotThrowAnyException();
        assertThatCode(neverStartedServer::shutdown).doesNotThrowAnyException();
        awaitNoNewRemotingThreads();
    }

    @Test
    void aStoppedClientRefusesCalls() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyRemotingClient client = fixture.client();
        assertEcho(client, addr(server), "before");

        client.shutdown();

        assertThatThrownBy(() -> client.invokeSync(addr(server), echoRequest("after"), 1000))
                .isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 0);
    }

    @Test
    void gracefulShutdownFinishesInFlightRequestsAndTurnsNewOnesAway() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setEnableShutdownGracefully(true);
        config.setShutdownWaitTimeSeconds(5);
        NettyRemotingServer server = blockingServer(config);
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);
        CompletableFuture<RemotingCommand> inFlight = blockedCalls(client, addr, 1).get(0);

        long start = System.nanoTime();
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);

        // Once shutdown has begun, new requests are answered GO_AWAY while the connection stays open.
        AtomicInteger goAwayCode = new AtomicInteger();
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            RemotingCommand response = client.invokeSync(addr, echoRequest("new"), 1000);
            goAwayCode.set(response.getCode());
            return response.getCode() != RemotingSysResponseCode.SUCCESS;
        });
        assertThat(goAwayCode.get()).isEqualTo(RemotingSysResponseCode.GO_AWAY).isEqualTo(1500);
        assertThat(inFlight).isNotDone();
        assertThat(shutdown).isNotDone();

        // The test releases the in-flight request from another thread; it completes normally.
        CompletableFuture.runAsync(release::countDown);
        RemotingCommand response = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("released");

        // With nothing left in flight, shutdown does not wait out the 5s grace period.
        shutdown.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnectionCount() == 0);
    }

    @Test
    void gracefulShutdownGivesUpOnRequestsThatOutlastTheGracePeriod() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setEnableShutdownGracefully(true);
        config.setShutdownWaitTimeSeconds(1);
        NettyRemotingServer server = blockingServer(config);
        NettyRemotingClient client = fixture.client();
        CompletableFuture<RemotingCommand> inFlight = blockedCalls(client, addr(server), 1).get(0);

        long start = System.nanoTime();
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);

        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RemotingSendRequestException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900))
                .isLessThan(Duration.ofSeconds(4));
        release.countDown();
        shutdown.get(10, TimeUnit.SECONDS);
    }

    @Test
    void clientShutdownFailsItsOwnPendingCalls() throws Exception {
        NettyRemotingServer server = blockingServer(ServerClientFixture.serverConfig());
        NettyRemotingClient client = fixture.client();
        List<CompletableFuture<RemotingCommand>> calls = blockedCalls(client, addr(server), 3);

        long start = System.nanoTime();
        client.shutdown();

        for (CompletableFuture<RemotingCommand> call : calls) {
            assertFailsWithSendRequestException(call);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(client.getResponseTableSize()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 0);
    }

    @Test
    void clientShutdownFailsAPendingSyncCall() throws Exception {
        NettyRemotingServer server = blockingServer(ServerClientFixture.serverConfig());
        NettyRemotingClient client = fixture.client();
        CompletableFuture<RemotingCommand> syncCall = CompletableFuture.supplyAsync(() -> {
            try {
                return client.invokeSync(addr(server), ServerClientFixture.request(BLOCK, null), 30_000);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> entered.get() == 1);

        client.shutdown();

        assertFailsWithSendRequestException(syncCall);
    }
}
