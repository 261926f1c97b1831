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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A metrics listener that throws on every event changes nothing about the calls it hears. */
class ThrowingMetricsListenerTest {

    private final AtomicInteger serverFailures = new AtomicInteger();
    private final AtomicInteger clientFailures = new AtomicInteger();
    private final AtomicInteger onewayReceived = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String addr;

    @BeforeEach
    void start() {
        server = new NettyRemotingServer(new NettyServerConfig());
        server.registerProcessor(1, (ctx, request) -> {
            if (request.isOnewayRPC()) {
                onewayReceived.incrementAndGet();
            }
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }, null);
        server.registerProcessor(2, (ctx, request) -> {
            release.await(5, TimeUnit.SECONDS);
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }, null);
        server.setMetricsListener(new RemotingMetricsListener() {
            @Override
            public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
                serverFailures.incrementAndGet();
                throw new IllegalStateException("server meter broken");
            }
        });
        server.start();
        NettyClientConfig config = new NettyClientConfig();
        config.setClientCloseSocketIfTimeout(false);
        client = new NettyRemotingClient(config);
        client.setMetricsListener(new RemotingMetricsListener() {
            @Override
            public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, long durationNanos) {
                clientFailures.incrementAndGet();
                throw new IllegalStateException("client meter broken");
            }
        });
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
    void syncAsyncAndOnewayCallsAndTheirFailuresBehaveAsWithoutTheListener() throws Exception {
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

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(onewayReceived).hasValue(1);
            // Every call and request reached the listener and its failure was contained.
            assertThat(clientFailures).hasValue(6);
            assertThat(serverFailures.get()).isGreaterThanOrEqualTo(4);
        });
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.invokeSync(addr, RemotingCommand.createRequestCommand(1, null), 3000).getCode())
                .as("the connection still serves").isEqualTo(RemotingSysResponseCode.SUCCESS);
    }
}
