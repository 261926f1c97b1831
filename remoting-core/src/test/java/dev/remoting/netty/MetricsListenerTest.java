package dev.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.remoting.RemotingMetricsListener;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ProvokedLogs.class)
class MetricsListenerTest {

    /** An application's error code, as a processor answers it without throwing. */
    private static final int TOPIC_NOT_EXIST = 17;

    private final List<String> serverEvents = new CopyOnWriteArrayList<>();
    private final List<String> clientEvents = new CopyOnWriteArrayList<>();
    private CountDownLatch release = new CountDownLatch(1);
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String addr;

    @BeforeEach
    void start() {
        start(new RemotingMetricsListener() {
            @Override
            public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
                assertThat(durationNanos).isNotNegative();
                serverEvents.add(requestCode + "/" + known + "/" + responseCode);
            }
        }, new RemotingMetricsListener() {
            @Override
            public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, int responseCode,
                    long durationNanos) {
                assertThat(durationNanos).isNotNegative();
                clientEvents.add(requestCode + "/" + mode + "/" + outcome + "/" + responseCode);
            }
        });
    }

    private void start(RemotingMetricsListener serverListener, RemotingMetricsListener clientListener) {
        release = new CountDownLatch(1);
        server = new NettyRemotingServer(new NettyServerConfig());
        server.registerProcessor(1, (ctx, request) -> RemotingCommand.createResponseCommand(
                RemotingSysResponseCode.SUCCESS, null), null);
        server.registerProcessor(2, (ctx, request) -> {
            release.await(5, TimeUnit.SECONDS);
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }, null);
        server.registerProcessor(3, (ctx, request) -> RemotingCommand.createResponseCommand(TOPIC_NOT_EXIST,
                "no such topic"), null);
        server.setMetricsListener(serverListener);
        server.start();
        NettyClientConfig config = new NettyClientConfig();
        config.setClientCloseSocketIfTimeout(false);
        client = new NettyRemotingClient(config);
        client.setMetricsListener(clientListener);
        client.start();
        addr = "127.0.0.1:" + server.localListenPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.shutdown();
        server.shutdown();
    }

    @Test
    void everyCallAndRequestIsReportedWithItsOutcome() throws Exception {
        makeEveryKindOfCall();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(clientEvents).containsExactlyInAnyOrder("1/SYNC/SUCCESS/0", "1/ASYNC/SUCCESS/0",
                    "1/ONEWAY/SUCCESS/-1", "99/SYNC/ERROR_RESPONSE/3", "2/SYNC/TIMEOUT/-1",
                    "1/SYNC/CONNECT_FAILED/-1");
            assertThat(serverEvents).contains("1/true/0", "1/true/-1", "99/false/3");
            assertThat(serverEvents.stream().filter("1/true/0"::equals)).hasSize(2);
        });
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> serverEvents.contains("2/true/0"));
    }

    @Test
    void aResponseWithAnErrorCodeIsAnErrorResponseWithThatCode() throws Exception {
        assertThat(client.invokeSync(addr, RemotingCommand.createRequestCommand(3, null), 3000).getCode())
                .isEqualTo(TOPIC_NOT_EXIST);
        assertThat(client.invoke(addr, RemotingCommand.createRequestCommand(3, null), 3000).get(3, TimeUnit.SECONDS)
                .getCode()).isEqualTo(TOPIC_NOT_EXIST);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(clientEvents)
                .containsExactlyInAnyOrder("3/SYNC/ERROR_RESPONSE/17", "3/ASYNC/ERROR_RESPONSE/17"));
    }

    @Test
    void aListenerThatThrowsOnEveryEventChangesNothingAboutTheCalls() throws Exception {
        stop();
        AtomicInteger serverFailures = new AtomicInteger();
        AtomicInteger clientFailures = new AtomicInteger();
        start(new RemotingMetricsListener() {
            @Override
            public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
                serverFailures.incrementAndGet();
                throw new IllegalStateException("server meter broken");
            }
        }, new RemotingMetricsListener() {
            @Override
            public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, int responseCode,
                    long durationNanos) {
                clientFailures.incrementAndGet();
                throw new IllegalStateException("client meter broken");
            }
        });

        // Each call still returns or throws what it would without a listener (makeEveryKindOfCall asserts it).
        makeEveryKindOfCall();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(clientFailures).hasValue(6);
            assertThat(serverFailures.get()).isGreaterThanOrEqualTo(4);
        });
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.invokeSync(addr, RemotingCommand.createRequestCommand(1, null), 3000).getCode())
                .as("the connection still serves").isEqualTo(RemotingSysResponseCode.SUCCESS);
    }

    @Test
    void anAsyncCallWithoutACallbackIsReportedAsAsync() throws Exception {
        NettyClientConfig config = new NettyClientConfig();
        // Without GO_AWAY handling nothing wraps the missing callback: the call has none at all.
        config.setEnableReconnectForGoAway(false);
        NettyRemotingClient bare = new NettyRemotingClient(config);
        List<String> events = new CopyOnWriteArrayList<>();
        bare.setMetricsListener(new RemotingMetricsListener() {
            @Override
            public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, int responseCode,
                    long durationNanos) {
                events.add(requestCode + "/" + mode + "/" + outcome + "/" + responseCode);
            }
        });
        bare.start();
        try {
            bare.invokeAsync(addr, RemotingCommand.createRequestCommand(1, null), 3000, null);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events)
                    .containsExactly("1/ASYNC/SUCCESS/0"));
        } finally {
            bare.shutdown();
        }
    }

    /** Six calls, one per outcome the client reports: sync, async, oneway, unknown code, timeout, no connection. */
    private void makeEveryKindOfCall() throws Exception {
        assertThat(client.invokeSync(addr, RemotingCommand.createRequestCommand(1, null), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(client.invoke(addr, RemotingCommand.createRequestCommand(1, null), 3000).get(3, TimeUnit.SECONDS)
                .getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        client.invokeOneway(addr, RemotingCommand.createRequestCommand(1, null), 3000);
        assertThat(client.invokeSync(addr, RemotingCommand.createRequestCommand(99, null), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThatThrownBy(() -> client.invokeSync(addr, RemotingCommand.createRequestCommand(2, null), 200))
                .isInstanceOf(RemotingTimeoutException.class);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client.invokeSync("127.0.0.1:" + closedPort,
                RemotingCommand.createRequestCommand(1, null), 3000)).isInstanceOf(RemotingConnectException.class);
    }
}
