package dev.remoting.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our server shutting down gracefully, as RocketMQ 5.3.1's own client sees it: GO_AWAY (1500) only for requests
 * whose version is above 441 ({@code V5_1_4}), which is what 5.3.1 clients send (475); an older client's requests
 * are served as usual during the grace period (docs/protocol.md §7.7).
 */
class GoAwayInteropTest {

    private static final int BLOCK = 3001;
    private static final int NAMED = 3002;
    private static final long TIMEOUT_MILLIS = 10_000;

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger blocked = new AtomicInteger();
    private final AtomicInteger named = new AtomicInteger();
    private NettyRemotingServer server;
    private InteropFixture.QuickStopRocketMQClient client;
    private String addr;

    @BeforeEach
    void start() {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        config.setEnableShutdownGracefully(true);
        config.setShutdownWaitTimeSeconds(20);
        server = new NettyRemotingServer(config);
        server.registerProcessor(BLOCK, (ctx, request) -> {
            blocked.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, "released");
        }, null);
        server.registerProcessor(NAMED, (ctx, request) -> {
            named.incrementAndGet();
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, "served");
        }, null);
        server.start();
        addr = "127.0.0.1:" + server.localListenPort();
        NettyClientConfig clientConfig = new NettyClientConfig();
        // So that the client hands us the GO_AWAY itself rather than reconnecting and retrying.
        clientConfig.setEnableReconnectForGoAway(false);
        client = new InteropFixture.QuickStopRocketMQClient(clientConfig);
        client.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand theirs(int code, int version) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand request =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(code, null);
        request.setVersion(version);
        return request;
    }

    @Test
    void rocketMQClientsGetGoAwayOnlyAboveVersion441WhileOurServerDrains() throws Exception {
        CompletableFuture<org.apache.rocketmq.remoting.protocol.RemotingCommand> pending = CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return client.invokeSync(addr, theirs(BLOCK, 475), 30_000);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> blocked.get() == 1);
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> client
                .invokeSync(addr, theirs(NAMED, 475), TIMEOUT_MILLIS).getCode() == RemotingSysResponseCode.GO_AWAY);
        int servedBefore = named.get();

        // A 5.3.1 client (475) is told to go away; one from before 5.1.4 is served.
        assertThat(client.invokeSync(addr, theirs(NAMED, 475), TIMEOUT_MILLIS).getCode())
                .isEqualTo(RemotingSysResponseCode.GO_AWAY);
        assertThat(client.invokeSync(addr, theirs(NAMED, 442), TIMEOUT_MILLIS).getCode())
                .isEqualTo(RemotingSysResponseCode.GO_AWAY);
        for (int version : new int[] {0, 441}) {
            org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                    client.invokeSync(addr, theirs(NAMED, version), TIMEOUT_MILLIS);
            assertThat(response.getCode()).as("version %d", version).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(response.getRemark()).isEqualTo("served");
        }
        assertThat(named.get() - servedBefore).isEqualTo(2);

        release.countDown();
        assertThat(pending.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        shutdown.get(10, TimeUnit.SECONDS);
    }
}
