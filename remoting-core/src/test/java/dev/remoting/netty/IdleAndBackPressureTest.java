package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idle connections are closed; a peer that does not read is not read from; frame limits are per instance
 * (docs/protocol.md §8.5, §8.6).
 */
@ExtendWith(ProvokedLogs.class)
class IdleAndBackPressureTest {

    private static final int BIG = 3;

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static void assertEcho(NettyRemotingClient client, String addr, String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr, echoRequest(text), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void serverClosesIdleConnectionsAndTheNextCallReconnects() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setServerChannelMaxIdleTimeSeconds(1);
        NettyRemotingServer server = fixture.server(config, s -> {
        });
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);
        assertEcho(client, addr, "before idle");
        assertThat(client.getConnectionCount()).isEqualTo(1);

        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnectionCount() == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 0);

        assertEcho(client, addr, "after idle");
        assertThat(client.getConnectionCount()).isEqualTo(1);
        assertThat(server.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void clientClosesItsIdleConnections() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setClientChannelMaxIdleTimeSeconds(1);
        NettyRemotingClient client = fixture.client(config);
        String addr = addr(server);
        assertEcho(client, addr, "before idle");

        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 0);
        assertThat(client.getConnectionCount()).isZero();

        assertEcho(client, addr, "after idle");
    }

    @Test
    void activeConnectionsAreNotClosedAsIdle() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setServerChannelMaxIdleTimeSeconds(1);
        NettyRemotingServer server = fixture.server(config, s -> {
        });
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);
        AtomicInteger calls = new AtomicInteger();

        // Calls every 100ms for 1.5 seconds: the connection is never idle for a whole second.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertEcho(client, addr, "busy " + calls.incrementAndGet());
                    return server.getConnectionCount() == 1;
                });
        assertThat(client.getConnectedAddresses()).containsExactly(addr);
    }

    @Test
    void serverStopsReadingFromAPeerThatDoesNotReadItsResponses() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        Semaphore processedPermits = new Semaphore(0);
        byte[] bigBody = new byte[64 * 1024];
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setWriteBufferHighWaterMark(64 * 1024);
        config.setWriteBufferLowWaterMark(32 * 1024);
        config.setServerSocketSndBufSize(32 * 1024);
        config.setServerSocketRcvBufSize(32 * 1024);
        NettyRemotingServer server = fixture.server(config, s -> s.registerProcessor(BIG, (ctx, request) -> {
            processed.incrementAndGet();
            processedPermits.release();
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(bigBody);
            return response;
        }, null));
        NettyRemotingClient goodClient = fixture.client();
        String addr = addr(server);
        assertEcho(goodClient, addr, "warm up");

        // A peer that sends request after request and never reads a response. It sends in batches and lets the
        // server catch up after each (as long as the server keeps up), so that it never runs far ahead of the
        // server's processing: once the server stops reading, the next batch blocks in write.
        Socket greedy = fixture.rawSocket(server, socket -> {
            socket.setReceiveBufferSize(16 * 1024);
            socket.setSendBufferSize(16 * 1024);
        });
        RemotingCommand template = ServerClientFixture.request(BIG, new byte[1024]);
        int total = 3000;
        int batch = 50;
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = greedy.getOutputStream();
                while (sent.get() < total) {
                    for (int i = 0; i < batch; i++) {
                        template.setOpaque(sent.get());
                        out.write(ServerClientFixture.frame(template, SerializeType.JSON));
                        sent.incrementAndGet();
                    }
                    processedPermits.tryAcquire(batch, 300, TimeUnit.MILLISECONDS);
                }
            } catch (IOException closed) {
                // the test closed the socket while the write was blocked
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> processed.get() > 0);
        AtomicInteger last = new AtomicInteger(-1);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> last.getAndSet(processed.get()) == processed.get());
        int stalledAt = processed.get();

        assertThat(writer).as("the peer's writes are blocked: the server stopped reading").isNotDone();
        assertThat(sent.get()).isLessThan(total);
        assertThat(stalledAt).as("requests processed while the peer does not read").isLessThan(total / 3);

        // Meanwhile a well-behaved client on another connection is served as usual.
        for (int i = 0; i < 5; i++) {
            assertEcho(goodClient, addr, "meanwhile " + i);
        }
        assertThat(processed.get()).as("still not reading from the greedy peer").isEqualTo(stalledAt);

        greedy.close();
        writer.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 1);
        assertEcho(goodClient, addr, "after");
        assertThat(goodClient.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void serverMaxFrameLengthClosesTheOffendingConnectionOnly() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setMaxFrameLength(1024);
        NettyRemotingServer server = fixture.server(config, s -> {
        });
        String addr = addr(server);
        NettyRemotingClient offender = fixture.client();
        NettyRemotingClient bystander = fixture.client();
        assertEcho(offender, addr, "small");
        assertEcho(bystander, addr, "small");

        long start = System.nanoTime();
        assertThatThrownBy(() -> offender.invokeSync(addr, ServerClientFixture.request(ServerClientFixture.ECHO,
                new byte[2048]), 10_000))
                .isInstanceOf(RemotingSendRequestException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the close fails the call at once")
                .isLessThan(Duration.ofSeconds(3));

        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 1);
        assertEcho(bystander, addr, "unaffected");
        assertThat(bystander.getConnectionCount()).isEqualTo(1);
        // Frames within the limit still go through, on a new connection.
        assertEcho(offender, addr, "x".repeat(900));
    }

    @Test
    void clientMaxFrameLengthRejectsAnOversizedResponse() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setMaxFrameLength(1024);
        NettyRemotingClient client = fixture.client(config);
        NettyRemotingClient unlimited = fixture.client();
        String addr = addr(server);

        assertEcho(client, addr, "small");
        // The request is small enough to send but its echo is too big to receive: the client closes the connection.
        // 2 KiB request bodies are over the limit only on the receiving side of this client.
        assertThatThrownBy(() -> client.invokeSync(addr, ServerClientFixture.request(ServerClientFixture.ECHO,
                new byte[2048]), 10_000))
                .isInstanceOf(RemotingSendRequestException.class);
        assertEcho(unlimited, addr, "x".repeat(4096));
        assertEcho(client, addr, "small again");
    }
}
