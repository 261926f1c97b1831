package dev.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.handler.codec.EncoderException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request too large for the frame limit fails on its own, before it is sent: the connection, and the calls other
 * threads have pending on it, are not harmed (docs/protocol.md §8.6).
 */
class OutboundFrameLimitTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private NettyRemotingServer server;
    private NettyRemotingClient client;

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

    @Test
    void anOversizedRequestFailsAloneAndTheConnectionKeepsServing() throws Exception {
        server = new NettyRemotingServer(new NettyServerConfig());
        server.registerProcessor(1, (ctx, request) -> RemotingCommand.createResponseCommand(
                RemotingSysResponseCode.SUCCESS, null), null);
        server.registerProcessor(2, (ctx, request) -> {
            release.await(10, TimeUnit.SECONDS);
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, "released");
        }, null);
        server.start();
        NettyClientConfig config = new NettyClientConfig();
        config.setMaxFrameLength(1024);
        client = new NettyRemotingClient(config);
        client.start();
        String addr = "127.0.0.1:" + server.localListenPort();

        CompletableFuture<RemotingCommand> pending = client.invoke(addr, RemotingCommand.createRequestCommand(2, null),
                10_000);
        RemotingCommand oversized = RemotingCommand.createRequestCommand(1, null);
        oversized.setBody(new byte[2048]);
        assertThatThrownBy(() -> client.invokeSync(addr, oversized, 3000))
                .isInstanceOf(RemotingSendRequestException.class)
                .hasCauseInstanceOf(EncoderException.class)
                .hasStackTraceContaining("frame limit");

        assertThat(client.invokeSync(addr, RemotingCommand.createRequestCommand(1, null), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        release.countDown();
        assertThat(pending.get(5, TimeUnit.SECONDS).getRemark()).isEqualTo("released");
        assertThat(server.getConnectionCount()).isEqualTo(1);
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(config.getClientAsyncSemaphoreValue());
    }
}
