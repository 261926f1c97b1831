package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.ECHO;
import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static dev.remoting.netty.ServerClientFixture.frame;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.internal.transport.ConnectionHandler;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Input that never completes cannot hold a connection: a frame or a PROXY header trickled a byte at a time, or left
 * half sent, is closed within its budget (here 300 ms) while a well-behaved client on the same server keeps getting
 * every answer; and idle detection counts only whole commands, so a peer that merely trickles bytes is idle
 * (docs/protocol.md §8.5, §8.6).
 */
@ExtendWith(ProvokedLogs.class)
class IncompleteInputTest {

    private static final int BUDGET_MILLIS = 300;
    /** A trickle's pace: its whole input takes seconds, far longer than the budgets. */
    private static final long TRICKLE_INTERVAL_MILLIS = 100;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final byte[] PROXY_V1 = "PROXY TCP4 203.0.113.7 127.0.0.1 55555 10911\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger connectionLog = (Logger) LoggerFactory.getLogger(ConnectionHandler.class);

    @BeforeEach
    void setUp() {
        appender.start();
        connectionLog.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        trickler.shutdownNow();
        try {
            fixture.close();
        } finally {
            readers.shutdownNow();
            connectionLog.detachAppender(appender);
            appender.stop();
        }
    }

    /** A server with both budgets at 300 ms and the default idle time, recording its events. */
    private static NettyServerConfig budgets() {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setFrameTimeoutMillis(BUDGET_MILLIS);
        config.setHandshakeTimeoutMillis(BUDGET_MILLIS);
        return config;
    }

    private NettyRemotingServer server(NettyServerConfig config) {
        NettyRemotingServer server = new NettyRemotingServer(config, new RecordingEventListener(events));
        server.registerProcessor(ECHO, ServerClientFixture.echo(), null);
        fixture.closeLater((AutoCloseable) server::shutdown);
        server.start();
        return server;
    }

    private Socket connect(NettyRemotingServer server) throws IOException {
        return fixture.rawSocket(server, socket -> socket.setTcpNoDelay(true));
    }

    /** Writes the bytes one at a time, one every {@link #TRICKLE_INTERVAL_MILLIS}, until done or refused. */
    private void trickle(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        AtomicInteger next = new AtomicInteger();
        trickler.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < bytes.length) {
                try {
                    out.write(bytes[i]);
                    out.flush();
                } catch (IOException closed) {
                    next.set(bytes.length); // the server closed the connection: stop
                }
            }
        }, 0, TRICKLE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Completes with the {@link System#nanoTime} at which the peer closed the socket. */
    private CompletableFuture<Long> closedByPeer(Socket socket) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                while (in.read(buffer) >= 0) {
                    // skip whatever the server still sends
                }
            } catch (IOException reset) {
                // closed by the server with our bytes unread
            }
            return System.nanoTime();
        }, readers);
    }

    /**
     * Waits for the hostile socket to be closed while a good client makes call after call, each of which must be
     * answered; returns the milliseconds from {@code startNanos} to the close.
     */
    private long awaitCloseWhileServing(CompletableFuture<Long> closed, long startNanos, NettyRemotingServer server)
            throws Exception {
        NettyRemotingClient good = fixture.client();
        String addr = addr(server);
        AtomicInteger answered = new AtomicInteger();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
            assertEcho(good, addr, "meanwhile " + answered.incrementAndGet());
            return closed.isDone();
        });
        assertThat(answered.get()).as("calls answered while the hostile connection was open").isPositive();
        assertEcho(good, addr, "after");
        assertThat(good.getConnectionCount()).as("the good client kept its connection").isEqualTo(1);
        await().atMost(DEADLINE).until(() -> server.getConnectionCount() == 1);
        return TimeUnit.NANOSECONDS.toMillis(closed.get() - startNanos);
    }

    private static void assertEcho(NettyRemotingClient client, String addr, String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr, echoRequest(text), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    private List<String> eventsOf(Socket socket) {
        String addr = "127.0.0.1:" + socket.getLocalPort();
        return events.stream().filter(e -> e.endsWith(" " + addr)).map(e -> e.split(" ")[0]).toList();
    }

    private List<String> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @ParameterizedTest(name = "codec group {0}")
    @ValueSource(booleans = {false, true})
    void aFrameTrickledByteByByteIsClosedWithinTheFrameBudget(boolean codecGroup) throws Exception {
        NettyServerConfig config = budgets();
        config.setServerNettyWorkerGroupEnable(codecGroup);
        NettyRemotingServer server = server(config);
        byte[] request = frame(echoRequest("trickled"), SerializeType.ROCKETMQ);
        Socket socket = connect(server);

        long start = System.nanoTime();
        trickle(socket, request);
        long closedAfter = awaitCloseWhileServing(closedByPeer(socket), start, server);

        assertThat(closedAfter).as("closed after the budget, long before the frame was complete")
                .isGreaterThanOrEqualTo(BUDGET_MILLIS).isLessThan(request.length * TRICKLE_INTERVAL_MILLIS / 2);
        await().atMost(DEADLINE).until(() -> eventsOf(socket).contains("CLOSE"));
        assertThat(eventsOf(socket)).containsExactly("CONNECT", "IDLE", "CLOSE");
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("closing connection")
                .contains("frame not complete within " + BUDGET_MILLIS + "ms"));
    }

    @Test
    void aPartialFrameFollowedBySilenceIsClosedWithinTheFrameBudget() throws Exception {
        NettyRemotingServer server = server(budgets());
        byte[] request = frame(ServerClientFixture.request(ECHO, new byte[1024 * 1024]), SerializeType.JSON);
        Socket socket = connect(server);

        long start = System.nanoTime();
        socket.getOutputStream().write(request, 0, request.length / 2);
        socket.getOutputStream().flush();
        long closedAfter = awaitCloseWhileServing(closedByPeer(socket), start, server);

        assertThat(closedAfter).isGreaterThanOrEqualTo(BUDGET_MILLIS);
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("frame not complete within")
                .contains((request.length / 2) + " bytes received"));
    }

    @Test
    void aTrickledProxyVersion1HeaderIsClosedWithinTheHandshakeBudget() throws Exception {
        NettyServerConfig config = budgets();
        config.setFrameTimeoutMillis(0); // so that only the handshake budget can close it
        NettyRemotingServer server = server(config);
        Socket socket = connect(server);

        long start = System.nanoTime();
        trickle(socket, PROXY_V1);
        long closedAfter = awaitCloseWhileServing(closedByPeer(socket), start, server);

        assertThat(closedAfter).isGreaterThanOrEqualTo(BUDGET_MILLIS)
                .isLessThan(PROXY_V1.length * TRICKLE_INTERVAL_MILLIS / 2);
        await().atMost(DEADLINE).until(() -> eventsOf(socket).contains("CLOSE"));
        assertThat(eventsOf(socket)).as("CONNECT first, though the header never finished")
                .containsExactly("CONNECT", "IDLE", "CLOSE");
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("handshake (PROXY header) not complete"));
    }

    @Test
    void aTrickledProxyVersion2HeaderIsClosedWithinTheHandshakeBudget() throws Exception {
        NettyServerConfig config = budgets();
        config.setFrameTimeoutMillis(0);
        NettyRemotingServer server = server(config);
        byte[] header = ProxyProtocolTest.v2Header("203.0.113.7", 55555, "198.51.100.1", 10911, "broker.example");
        Socket socket = connect(server);

        long start = System.nanoTime();
        trickle(socket, header);
        long closedAfter = awaitCloseWhileServing(closedByPeer(socket), start, server);

        assertThat(closedAfter).isGreaterThanOrEqualTo(BUDGET_MILLIS)
                .isLessThan(header.length * TRICKLE_INTERVAL_MILLIS / 2);
        await().atMost(DEADLINE).until(() -> eventsOf(socket).contains("CLOSE"));
        assertThat(eventsOf(socket)).containsExactly("CONNECT", "IDLE", "CLOSE");
    }

    @Test
    void aStalledTlsHandshakeIsClosedWithinTheHandshakeBudget() throws Exception {
        TlsFixture certs = new TlsFixture();
        NettyServerConfig config = TlsFixture.serverConfig(TlsMode.PERMISSIVE,
                TlsFixture.serverContext(certs.server, null, ClientAuth.NONE));
        config.setHandshakeTimeoutMillis(BUDGET_MILLIS);
        config.setFrameTimeoutMillis(0);
        NettyRemotingServer server = server(config);
        Socket socket = connect(server);

        long start = System.nanoTime();
        // The start of a ClientHello record that announces more than it brings.
        socket.getOutputStream().write(HexFormat.of().parseHex("16030100c4010000c00303" + "00".repeat(16)));
        socket.getOutputStream().flush();
        long closedAfter = awaitCloseWhileServing(closedByPeer(socket), start, server);

        assertThat(closedAfter).isGreaterThanOrEqualTo(BUDGET_MILLIS);
        await().atMost(DEADLINE).until(() -> eventsOf(socket).contains("CLOSE"));
        assertThat(eventsOf(socket)).containsExactly("CONNECT", "IDLE", "CLOSE");
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("handshake timed out"));
    }

    @Test
    void aSilentConnectionIsLeftToTheIdleTime() throws Exception {
        NettyRemotingServer server = server(budgets());
        NettyRemotingClient good = fixture.client();
        assertEcho(good, addr(server), "hello");
        Socket silent = connect(server);
        await().atMost(DEADLINE).until(() -> server.getConnectionCount() == 2);

        // Nothing arrived, so nothing is incomplete: three budgets later it is still open.
        await().during(Duration.ofMillis(3 * BUDGET_MILLIS)).atMost(DEADLINE)
                .until(() -> server.getConnectionCount() == 2);
        assertThat(eventsOf(silent)).isEmpty();
    }

    @Test
    void aCompleteProxyHeaderFollowedBySilenceIsNotAnIncompleteHandshake() throws Exception {
        NettyRemotingServer server = server(budgets());
        Socket socket = connect(server);
        socket.getOutputStream().write(PROXY_V1);
        socket.getOutputStream().flush();
        await().atMost(DEADLINE).until(() -> events.contains("CONNECT 203.0.113.7:55555"));

        await().during(Duration.ofMillis(3 * BUDGET_MILLIS)).atMost(DEADLINE)
                .until(() -> server.getConnectionCount() == 1);

        socket.getOutputStream().write(frame(echoRequest("late but whole"), SerializeType.JSON));
        socket.getOutputStream().flush();
        assertThat(new String(readResponse(socket).getBody(), StandardCharsets.UTF_8)).isEqualTo("late but whole");
    }

    @Test
    void wholeFramesWithPausesLongerThanTheBudgetKeepTheConnection() throws Exception {
        NettyRemotingServer server = server(budgets());
        Socket socket = connect(server);
        OutputStream out = socket.getOutputStream();

        for (int i = 0; i < 3; i++) {
            out.write(frame(echoRequest("whole " + i), SerializeType.ROCKETMQ));
            out.flush();
            assertThat(new String(readResponse(socket).getBody(), StandardCharsets.UTF_8)).isEqualTo("whole " + i);
            // The frame budget runs only while a frame is incomplete, not between frames.
            await().during(Duration.ofMillis(2 * BUDGET_MILLIS)).atMost(DEADLINE)
                    .until(() -> server.getConnectionCount() == 1);
        }
        assertThat(eventsOf(socket)).containsExactly("CONNECT");
    }

    @Test
    void aLargeFrameSentAtFullSpeedIsNotCutShort() throws Exception {
        NettyRemotingServer server = server(budgets());
        NettyRemotingClient client = fixture.client();
        String large = "x".repeat(4 * 1024 * 1024);

        RemotingCommand response = client.invokeSync(addr(server), echoRequest(large), 10_000);

        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(large);
    }

    @Test
    void aPeerThatOnlyTricklesBytesIsIdle() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setFrameTimeoutMillis(0);
        config.setHandshakeTimeoutMillis(0);
        config.setServerChannelMaxIdleTimeSeconds(1);
        NettyRemotingServer server = server(config);
        // 10 bytes a second for half a minute: without a whole frame none of it is traffic.
        byte[] request = frame(ServerClientFixture.request(ECHO, new byte[200]), SerializeType.JSON);
        Socket socket = connect(server);

        long start = System.nanoTime();
        trickle(socket, request);
        CompletableFuture<Long> closed = closedByPeer(socket);
        await().atMost(DEADLINE).until(closed::isDone);

        assertThat(TimeUnit.NANOSECONDS.toMillis(closed.get() - start)).isGreaterThanOrEqualTo(900)
                .isLessThan(request.length * TRICKLE_INTERVAL_MILLIS / 2);
        await().atMost(DEADLINE).until(() -> eventsOf(socket).contains("CLOSE"));
        assertThat(eventsOf(socket)).containsExactly("CONNECT", "IDLE", "CLOSE");
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("closing idle connection"));
    }

    @Test
    void manyStalledConnectionsLogOneWarningPerInterval() throws Exception {
        NettyRemotingServer server = server(budgets());
        byte[] request = frame(echoRequest("stalled"), SerializeType.JSON);
        List<CompletableFuture<Long>> closes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket socket = connect(server);
            socket.getOutputStream().write(request, 0, request.length - 1);
            socket.getOutputStream().flush();
            closes.add(closedByPeer(socket));
        }

        await().atMost(DEADLINE).until(() -> closes.stream().allMatch(CompletableFuture::isDone));
        await().atMost(DEADLINE).until(() -> server.getConnectionCount() == 0);

        assertThat(warnings()).filteredOn(w -> w.contains("not complete within")).hasSize(1);
    }

    /** Reads one response frame from a raw socket. */
    private static RemotingCommand readResponse(Socket socket) throws Exception {
        socket.setSoTimeout((int) DEADLINE.toMillis());
        return ProxyProtocolTest.readResponse(socket);
    }
}
