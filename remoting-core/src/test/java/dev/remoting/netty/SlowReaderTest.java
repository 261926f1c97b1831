package dev.remoting.netty;

import static dev.remoting.netty.InboundBudgetTest.assertEcho;
import static dev.remoting.netty.InboundBudgetTest.serverChannel;
import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.SocketChannelConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A peer that sends a burst of requests and never reads the answers (issue "Hardening II", case 4): the server stops
 * decoding its burst at the in-flight limit or when the connection turns unwritable, holds no more than the
 * pending-outbound limit for it (closing it when its answers would exceed that), and keeps serving a well-behaved
 * client.
 */
@ExtendWith(ProvokedLogs.class)
class SlowReaderTest {

    private static final int BIG = 3;
    private static final int MAX_IN_FLIGHT = 16;
    private static final long MAX_PENDING = 4L * 1024 * 1024;
    private static final int BURST = 2000;
    /** Bytes of an answer's body in the first test. */
    private static final int ANSWER = 64 * 1024;

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private NettyRemotingServer server(int responseSize, AtomicInteger processed) {
        return server(responseSize, processed, () -> {
        }, null);
    }

    /** A server whose processor for {@link #BIG} runs {@code before} and answers {@code responseSize} bytes. */
    private NettyRemotingServer server(int responseSize, AtomicInteger processed, Interruptible before,
            @Nullable ExecutorService executor) {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setWriteBufferHighWaterMark(64 * 1024);
        config.setWriteBufferLowWaterMark(32 * 1024);
        config.setServerSocketSndBufSize(32 * 1024);
        config.setMaxInFlightRequestsPerConnection(MAX_IN_FLIGHT);
        config.setMaxPendingOutboundBytes(MAX_PENDING);
        byte[] body = new byte[responseSize];
        return fixture.server(config, s -> s.registerProcessor(BIG, (ctx, request) -> {
            processed.incrementAndGet();
            before.run();
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(body);
            return response;
        }, executor));
    }

    interface Interruptible {
        void run() throws InterruptedException;
    }

    /** Writes the burst from another thread (it blocks once the server stops reading); never reads. */
    private CompletableFuture<Void> burst(Socket greedy, AtomicInteger sent) {
        RemotingCommand template = ServerClientFixture.request(BIG, new byte[256]);
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = greedy.getOutputStream();
                for (int i = 0; i < BURST; i++) {
                    template.setOpaque(i);
                    out.write(ServerClientFixture.frame(template, SerializeType.JSON));
                    sent.incrementAndGet();
                }
                out.flush();
            } catch (IOException closed) {
                // closed by the server or by the test while the write was blocked
            }
        });
    }

    @Test
    void aBurstFromAPeerThatDoesNotReadIsDecodedOnlyUpToTheLimitsAndItsAnswersStayBounded() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        NettyRemotingServer server = server(ANSWER, processed);
        NettyRemotingClient good = fixture.client();
        String addr = addr(server);
        assertEcho(good, addr, "warm up");

        Socket greedy = fixture.rawSocket(server, socket -> socket.setReceiveBufferSize(16 * 1024));
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> writer = burst(greedy, sent);

        // Processing stalls far below the burst: decoding stops when the connection turns unwritable, and in any case
        // at the in-flight limit, which counts a request until its answer has left.
        await().atMost(Duration.ofSeconds(10)).until(() -> processed.get() > 0);
        AtomicInteger last = new AtomicInteger(-1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> last.getAndSet(processed.get()) == processed.get());
        Optional<Channel> channel = serverChannel(server, greedy);
        // An answer frees its in-flight slot once it has left, that is once the kernel took all of it: as many as the
        // server's send buffer and the peer's receive buffer hold leave although the peer reads nothing.
        long kernelBuffers = greedy.getReceiveBufferSize()
                + channel.map(c -> ((SocketChannelConfig) c.config()).getSendBufferSize()).orElse(0);
        int mayHaveLeft = (int) (kernelBuffers / ANSWER) + 1;
        assertThat(processed.get()).as("requests processed for a peer that does not read")
                .isLessThanOrEqualTo(MAX_IN_FLIGHT + mayHaveLeft);

        AtomicLong maxPending = new AtomicLong();
        if (channel.isPresent()) {
            assertThat(channel.get().config().isAutoRead()).as("the greedy connection is paused").isFalse();
            maxPending.set(pending(channel.get()));
        }
        assertThat(maxPending.get()).isLessThanOrEqualTo(MAX_PENDING);

        // Meanwhile a well-behaved client gets every answer.
        for (int i = 0; i < 20; i++) {
            assertEcho(good, addr, "meanwhile " + i);
            channel.ifPresent(c -> assertThat(pending(c)).isLessThanOrEqualTo(MAX_PENDING));
        }
        assertThat(good.getConnectionCount()).isEqualTo(1);

        greedy.close();
        writer.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getInboundBytes() == 0);
        assertEcho(good, addr, "after");
    }

    @Test
    void aPeerThatDoesNotReadLargeAnswersIsClosedOnceTheyExceedThePendingOutboundLimit() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        // The answers are held back until the in-flight limit is reached, so that all of them are written at once.
        CountDownLatch full = new CountDownLatch(MAX_IN_FLIGHT);
        ExecutorService executor = Executors.newFixedThreadPool(MAX_IN_FLIGHT);
        fixture.closeLater(new InboundBudgetTest.ExecutorCloser(executor));
        NettyRemotingServer server = server(1024 * 1024, processed, () -> {
            full.countDown();
            full.await(10, TimeUnit.SECONDS);
        }, executor);
        NettyRemotingClient good = fixture.client();
        String addr = addr(server);
        assertEcho(good, addr, "warm up");

        Socket greedy = fixture.rawSocket(server, socket -> socket.setReceiveBufferSize(16 * 1024));
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> writer = burst(greedy, sent);

        // Sixteen answers of 1 MiB are more than the 4 MiB that may wait for the peer: it is closed.
        await().atMost(Duration.ofSeconds(10)).until(() -> processed.get() > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> serverChannel(server, greedy).isEmpty());
        assertThat(processed.get()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
        writer.get(10, TimeUnit.SECONDS);

        for (int i = 0; i < 20; i++) {
            assertEcho(good, addr, "meanwhile " + i);
        }
        assertThat(good.getConnectionCount()).isEqualTo(1);
        assertThat(server.getConnectionCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getInboundBytes() == 0);
    }

    private static long pending(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
