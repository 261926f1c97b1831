package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.internal.transport.InboundBudget;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.channel.Channel;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that send the start of large frames and never the rest (issue "Hardening II", case 2): the frames they
 * hold together stay within the server's inbound budget, the connections whose frames do not fit stop being read
 * (and start again, in turn, when room is given back), and a well-behaved client keeps getting every answer.
 */
class InboundBudgetTest {

    private static final int MAX_FRAME = 2 * 1024 * 1024;
    private static final long BUDGET = 4L * 1024 * 1024;
    /** Two of these fit in the budget with 1 MiB to spare, a third does not. */
    private static final int ATTACK_FRAME = 1536 * 1024;
    private static final int ATTACKERS = 8;

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static NettyServerConfig budgetConfig() {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setMaxFrameLength(MAX_FRAME);
        config.setInboundBudgetBytes(BUDGET);
        return config;
    }

    @Test
    void partialFramesBeyondTheBudgetPauseTheirOwnConnectionsWhileAGoodClientIsServed() throws Exception {
        NettyRemotingServer server = fixture.server(budgetConfig(), s -> {
        });
        assertThat(server.getInboundBudget()).isEqualTo(BUDGET);
        NettyRemotingClient good = fixture.client();
        String addr = addr(server);
        assertEcho(good, addr, "warm up");

        List<Socket> attackers = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            attackers.add(startOfLargeFrame(server));
        }

        // Two frames fit; the six other connections wait for room, reading nothing.
        await().atMost(Duration.ofSeconds(10)).until(() -> paused(server, attackers).size() == ATTACKERS - 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getInboundBytes() == 2L * ATTACK_FRAME);

        // Meanwhile the good client gets every answer, small and large, and what the server holds stays within the
        // budget.
        for (int i = 0; i < 50; i++) {
            assertEcho(good, addr, "meanwhile " + i);
            assertThat(server.getInboundBytes()).isLessThanOrEqualTo(BUDGET);
        }
        String large = "x".repeat(512 * 1024);
        assertEcho(good, addr, large);
        assertThat(server.getInboundBytes()).isLessThanOrEqualTo(BUDGET);
        assertThat(paused(server, attackers)).hasSize(ATTACKERS - 2);
        assertThat(good.getConnectionCount()).isEqualTo(1);

        // The two that hold the budget leave: two of the waiting ones get their room, in turn.
        List<Socket> holders = new ArrayList<>(attackers);
        holders.removeAll(paused(server, attackers));
        assertThat(holders).hasSize(2);
        for (Socket holder : holders) {
            holder.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> paused(server, attackers).size() == ATTACKERS - 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getInboundBytes() == 2L * ATTACK_FRAME);
        assertEcho(good, addr, "after the first ones left");

        // Everyone else leaves: nothing is held any more.
        for (Socket attacker : attackers) {
            attacker.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getConnectionCount() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getInboundBytes() == 0);
        assertEcho(good, addr, "after");
    }

    @Test
    void aClientMakingOneSmallCallAtATimeIsServedEvenWhenOthersHoldTheWholeBudget() throws Exception {
        NettyRemotingServer server = fixture.server(budgetConfig(), s -> {
        });
        NettyRemotingClient good = fixture.client();
        String addr = addr(server);
        assertEcho(good, addr, "warm up");

        // Two frames of the largest size fill the budget exactly; the third connection waits.
        List<Socket> attackers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            attackers.add(startOfFrame(server, MAX_FRAME));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getInboundBytes() == BUDGET
                && paused(server, attackers).size() == 1);

        // A small frame of a connection that holds nothing else gets in over the budget, by at most its own size.
        for (int i = 0; i < 50; i++) {
            assertEcho(good, addr, "meanwhile " + i);
            assertThat(server.getInboundBytes()).isLessThanOrEqualTo(BUDGET + InboundBudget.SMALL_FRAME);
        }
        assertThat(paused(server, attackers)).hasSize(1);
        for (Socket attacker : attackers) {
            attacker.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getInboundBytes() == 0);
    }

    @Test
    void requestsQueuedForAProcessorCountAgainstTheBudgetAndAreGivenBackWhenAnswered() throws Exception {
        CountDownLatch gate = fixture.latch();
        NettyServerConfig config = budgetConfig();
        NettyRemotingServer server = fixture.server(config, s -> s.registerProcessor(7, (ctx, request) -> {
            gate.await();
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }, fixture.closeLater(new ExecutorCloser(Executors.newFixedThreadPool(1))).executor()));
        NettyRemotingClient good = fixture.client();
        NettyRemotingClient heavy = fixture.client();
        String addr = addr(server);

        // 12 requests of 512 KiB wait for the blocked processor: 7 fit in the budget, then the connection pauses.
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(heavy.invoke(addr, ServerClientFixture.request(7, new byte[512 * 1024]), 20_000));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getInboundBytes() > BUDGET - 600 * 1024);
        assertThat(server.getInboundBytes()).isLessThanOrEqualTo(BUDGET);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getChannels().stream()
                .anyMatch(channel -> !channel.config().isAutoRead()));
        for (int i = 0; i < 20; i++) {
            assertEcho(good, addr, "meanwhile " + i);
        }

        gate.countDown();
        for (CompletableFuture<RemotingCommand> call : calls) {
            assertThat(call.get(20, TimeUnit.SECONDS).getCode())
                    .isEqualTo(RemotingSysResponseCode.SUCCESS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getInboundBytes() == 0);
        assertThat(List.copyOf(server.getChannels())).allMatch(channel -> channel.config().isAutoRead());
    }

    /** Connects and sends the length field and the first 32 KiB of a frame of {@link #ATTACK_FRAME} bytes. */
    private Socket startOfLargeFrame(NettyRemotingServer server) throws Exception {
        return startOfFrame(server, ATTACK_FRAME);
    }

    /** Connects and sends the length field and the first 32 KiB of a frame of {@code frameLength} bytes. */
    private Socket startOfFrame(NettyRemotingServer server, int frameLength) throws Exception {
        Socket socket = fixture.rawSocket(server);
        RemotingCommand request = ServerClientFixture.request(ServerClientFixture.ECHO, new byte[0]);
        byte[] header = ServerClientFixture.frame(request, SerializeType.JSON);
        // The length field counts everything after itself; the body that would follow the header is never sent.
        int bodyLength = frameLength - header.length;
        byte[] start = Arrays.copyOf(header, 32 * 1024);
        int length = header.length - 4 + bodyLength;
        start[0] = (byte) (length >>> 24);
        start[1] = (byte) (length >>> 16);
        start[2] = (byte) (length >>> 8);
        start[3] = (byte) length;
        OutputStream out = socket.getOutputStream();
        out.write(start);
        out.flush();
        return socket;
    }

    /** The attackers whose connection the server does not read from. */
    static List<Socket> paused(NettyRemotingServer server, List<Socket> sockets) {
        List<Socket> paused = new ArrayList<>();
        for (Socket socket : sockets) {
            serverChannel(server, socket).filter(channel -> !channel.config().isAutoRead())
                    .ifPresent(channel -> paused.add(socket));
        }
        return paused;
    }

    /** The server's side of a raw socket's connection, while it is open. */
    static Optional<Channel> serverChannel(NettyRemotingServer server, Socket socket) {
        return server.getChannels().stream()
                .filter(channel -> channel.remoteAddress() instanceof InetSocketAddress remote
                        && remote.getPort() == socket.getLocalPort())
                .findFirst();
    }

    /** Shuts an executor down after the server that uses it. */
    record ExecutorCloser(ExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    static void assertEcho(NettyRemotingClient client, String addr, String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr, echoRequest(text), 5000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
