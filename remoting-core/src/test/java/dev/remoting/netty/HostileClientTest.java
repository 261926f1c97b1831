package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.assertClosedByPeer;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.internal.call.ResponseTable;
import dev.remoting.internal.server.RequestDispatcher;
import dev.remoting.internal.transport.ConnectionHandler;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A live server under a storm of hostile input: thousands of malformed, truncated, oversized, spoofed and random
 * frames on many raw connections at once, while well-behaved clients keep calling it. The good clients must get
 * every answer right on their original connections; the server must close each connection it cannot parse (and only
 * those), answer the valid frames the hostile connections mix in, and afterwards hold nothing: no connection but the
 * good clients', no thread, no buffer (paranoid leak detection fails the class on a LEAK) and no heap beyond a
 * generous bound.
 *
 * <p>The storm is random but reproducible: a failure message names its seed; rerun with {@code -Dhostile.seed=N}.
 */
class HostileClientTest {

    private static final int HOSTILE_CONNECTIONS = 50;
    private static final int HOSTILE_FRAMES = 2_000;
    private static final int GOOD_CLIENTS = 4;
    private static final int MIN_GOOD_CALLS_PER_CLIENT = 20;
    private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    private static final int MAX_FRAME = new NettyServerConfig().getMaxFrameLength();
    /** A code nobody registered: the server answers REQUEST_CODE_NOT_SUPPORTED and keeps the connection. */
    private static final int UNKNOWN_CODE = 4711;
    private static final long HEAP_BOUND = 64L * 1024 * 1024;
    private static final int THREAD_SLACK = 2;

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final ConcurrentLinkedQueue<Socket> parkedSockets = new ConcurrentLinkedQueue<>();
    private final ExecutorService hostilePool = Executors.newFixedThreadPool(HOSTILE_CONNECTIONS);
    private final ExecutorService goodPool = Executors.newFixedThreadPool(GOOD_CLIENTS);

    @AfterEach
    void tearDown() throws Exception {
        try {
            closeParkedSockets();
            fixture.close();
        } finally {
            hostilePool.shutdownNow();
            goodPool.shutdownNow();
        }
    }

    @Test
    void aStormOfHostileFramesLeavesGoodClientsServedAndNothingBehind() throws Exception {
        int threadsBefore = threadCount();
        long heapBefore = usedHeapAfterGc();
        String seed = "hostile.seed=" + SEED;

        NettyRemotingServer server = fixture.server();
        String addr = addr(server);
        List<NettyRemotingClient> good = new ArrayList<>();
        List<Channel> goodChannels = new ArrayList<>();
        for (int i = 0; i < GOOD_CLIENTS; i++) {
            NettyRemotingClient client = fixture.client();
            assertEcho(client, addr, "warm-up " + i);
            good.add(client);
            goodChannels.add(client.getChannels().get(addr));
        }
        assertThat(server.getConnectionCount()).isEqualTo(GOOD_CLIENTS);

        Map<String, Level> quieted = quietExpectedWarnings();
        AtomicBoolean stormOver = new AtomicBoolean();
        List<Future<Integer>> goodCalls = new ArrayList<>();
        List<Future<Tally>> storm = new ArrayList<>();
        try {
            for (int i = 0; i < GOOD_CLIENTS; i++) {
                NettyRemotingClient client = good.get(i);
                int id = i;
                goodCalls.add(goodPool.submit(() -> callUntilStormIsOver(client, addr, id, stormOver)));
            }
            for (int i = 0; i < HOSTILE_CONNECTIONS; i++) {
                Random random = new Random(SEED + i);
                storm.add(hostilePool.submit(() -> hostileConnection(server.localListenPort(), random,
                        HOSTILE_FRAMES / HOSTILE_CONNECTIONS)));
            }
            Tally total = new Tally();
            for (Future<Tally> connection : storm) {
                total.add(connection.get(60, TimeUnit.SECONDS));
            }
            stormOver.set(true);
            int goodCallCount = 0;
            for (Future<Integer> calls : goodCalls) {
                int count = calls.get(60, TimeUnit.SECONDS);
                assertThat(count).as(seed).isGreaterThanOrEqualTo(MIN_GOOD_CALLS_PER_CLIENT);
                goodCallCount += count;
            }
            System.out.printf("hostile storm (%s): %d frames on %d connections, %d fatal, %d answered, %d parked; "
                    + "%d good calls meanwhile%n", seed, total.frames, total.connections, total.fatal, total.answered,
                    parkedSockets.size(), goodCallCount);

            assertThat(total.frames).as(seed).isEqualTo(HOSTILE_FRAMES);
            assertThat(total.fatal).as("frames the server had to close a connection for; " + seed)
                    .isGreaterThan(HOSTILE_FRAMES / 4);
            assertThat(total.answered).as("valid frames answered on hostile connections; " + seed)
                    .isGreaterThan(HOSTILE_FRAMES / 10);
            assertThat(total.connections).as(seed).isGreaterThan(HOSTILE_FRAMES / 4);
        } finally {
            stormOver.set(true);
            restore(quieted);
        }

        closeParkedSockets();
        ServerClientFixture.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.getConnectionCount() == GOOD_CLIENTS);
        for (int i = 0; i < GOOD_CLIENTS; i++) {
            assertEcho(good.get(i), addr, "after the storm " + i);
            assertThat(good.get(i).getChannels().get(addr)).as("client %d kept its connection", i)
                    .isSameAs(goodChannels.get(i));
            assertThat(goodChannels.get(i).isActive()).isTrue();
            assertThat(good.get(i).getResponseTableSize()).isZero();
        }
        assertThat(server.getResponseTableSize()).isZero();

        fixture.close();
        hostilePool.shutdown();
        goodPool.shutdown();
        assertThat(hostilePool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(goodPool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        Awaitility.await("threads back to the " + threadsBefore + " before the test").pollInSameThread()
                .pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(15))
                .until(HostileClientTest::threadCount, count -> count <= threadsBefore + THREAD_SLACK);
        Awaitility.await("heap back near the " + heapBefore / 1024 + " KiB before the test").pollInSameThread()
                .pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(15))
                .until(HostileClientTest::usedHeapAfterGc, used -> used <= heapBefore + HEAP_BOUND);
    }

    /** Sync and async echo calls, each checked, until the storm is over and enough calls were made. */
    private static int callUntilStormIsOver(NettyRemotingClient client, String addr, int id, AtomicBoolean stormOver)
            throws Exception {
        int calls = 0;
        while (!stormOver.get() || calls < MIN_GOOD_CALLS_PER_CLIENT) {
            assertEcho(client, addr, "client " + id + " sync " + calls);
            calls++;
            List<CompletableFuture<RemotingCommand>> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batch.add(client.invoke(addr, ServerClientFixture.echoRequest("client " + id + " async " + calls + i),
                        5000));
            }
            for (int i = 0; i < batch.size(); i++) {
                RemotingCommand response = batch.get(i).get(10, TimeUnit.SECONDS);
                assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
                assertThat(text(response)).isEqualTo("client " + id + " async " + calls + i);
            }
            calls += batch.size();
        }
        return calls;
    }

    private static void assertEcho(NettyRemotingClient client, String addr, String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr, ServerClientFixture.echoRequest(text), 5000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(text(response)).isEqualTo(text);
    }

    private static String text(RemotingCommand response) {
        return response.getBody() == null ? null : new String(response.getBody(), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The hostile side

    /** What a hostile frame does to the connection it is sent on. */
    private enum Effect {
        /** Valid request: the server answers it and keeps the connection. */
        ANSWERED,
        /** Valid, but nothing comes back (oneway request, or a response nobody asked for). */
        SILENT,
        /** The server must close the connection. */
        FATAL,
        /** Anything may happen; the hostile side drops the connection itself (abruptly or not) afterwards. */
        UNKNOWN,
        /** The start of a frame whose rest never comes: the connection is left open until the storm is over. */
        PARKED
    }

    private record Attack(String name, Effect effect, Function<Random, byte[]> bytes) {
    }

    private static final List<Attack> ATTACKS = List.of(
            new Attack("valid JSON echo", Effect.ANSWERED, r -> request(r, SerializeType.JSON, 64)),
            new Attack("valid ROCKETMQ echo", Effect.ANSWERED, r -> request(r, SerializeType.ROCKETMQ, 64)),
            new Attack("valid echo with a 256 KiB body", Effect.ANSWERED,
                    r -> request(r, SerializeType.JSON, 256 * 1024)),
            new Attack("unknown request code", Effect.ANSWERED, r -> {
                RemotingCommand cmd = RemotingCommand.createRequestCommand(UNKNOWN_CODE, null);
                return frame(cmd, SerializeType.ROCKETMQ);
            }),
            new Attack("oneway echo", Effect.SILENT, r -> {
                RemotingCommand cmd = ServerClientFixture.request(ServerClientFixture.ECHO, randomBytes(r, 32));
                cmd.markOnewayRPC();
                return frame(cmd, SerializeType.JSON);
            }),
            new Attack("spoofed response to no request", Effect.SILENT, r -> {
                RemotingCommand cmd = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, "spoof");
                cmd.setOpaque(r.nextInt());
                return frame(cmd, SerializeType.ROCKETMQ);
            }),
            new Attack("negative length", Effect.FATAL, r -> ints(-1 - r.nextInt(Integer.MAX_VALUE), 0)),
            new Attack("length over the limit", Effect.FATAL,
                    r -> ints(MAX_FRAME - 3 + r.nextInt(Integer.MAX_VALUE - MAX_FRAME), 0)),
            new Attack("empty frame", Effect.FATAL, r -> ints(0)),
            new Attack("frame shorter than its header-length word", Effect.FATAL, r -> bytes(ints(2), new byte[2])),
            new Attack("header length beyond the frame", Effect.FATAL,
                    r -> bytes(ints(8, 9 + r.nextInt(0xFFFFF0)), new byte[4])),
            new Attack("unknown serialize type", Effect.FATAL, r -> {
                byte[] header = "{\"code\":1}".getBytes(StandardCharsets.UTF_8);
                return bytes(ints(4 + header.length, ((2 + r.nextInt(250)) << 24) | header.length), header);
            }),
            new Attack("garbage JSON header", Effect.FATAL, r -> {
                byte[] header = ("{\"code\":" + r.nextInt() + ",\"opaque\"::}").getBytes(StandardCharsets.UTF_8);
                return bytes(ints(4 + header.length, header.length), header);
            }),
            new Attack("ROCKETMQ header with a remark longer than the header", Effect.FATAL, r -> {
                byte[] header = ByteBuffer.allocate(21).putShort((short) 1).put((byte) 0).putShort((short) 0)
                        .putInt(1).putInt(0).putInt(21 + r.nextInt(1 << 20)).putInt(0).array();
                return bytes(ints(4 + header.length, 0x01000000 | header.length), header);
            }),
            new Attack("truncated ROCKETMQ header", Effect.FATAL, r -> {
                byte[] header = Arrays.copyOf(randomBytes(r, 20), 1 + r.nextInt(20));
                return bytes(ints(4 + header.length, 0x01000000 | header.length), header);
            }),
            new Attack("TLS ClientHello", Effect.FATAL, r -> HexFormat.of().parseHex("16030100c4010000c00303"
                    + "00".repeat(32))),
            new Attack("HTTP request", Effect.FATAL, r -> "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(
                    StandardCharsets.US_ASCII)),
            new Attack("random bytes", Effect.UNKNOWN, r -> randomBytes(r, 1 + r.nextInt(4096))),
            new Attack("valid frame with flipped bytes", Effect.UNKNOWN, r -> {
                byte[] frame = request(r, r.nextBoolean() ? SerializeType.JSON : SerializeType.ROCKETMQ, 16);
                for (int i = 0, flips = 1 + r.nextInt(4); i < flips; i++) {
                    frame[r.nextInt(frame.length)] ^= (byte) (1 + r.nextInt(255));
                }
                return frame;
            }),
            new Attack("truncated valid frame", Effect.UNKNOWN, r -> {
                byte[] frame = request(r, SerializeType.JSON, 1024);
                return Arrays.copyOf(frame, 1 + r.nextInt(frame.length - 1));
            }),
            new Attack("half a frame, then nothing", Effect.PARKED, r -> {
                byte[] frame = request(r, SerializeType.ROCKETMQ, 4096);
                return Arrays.copyOf(frame, 4 + r.nextInt(frame.length - 8));
            }));

    /** Weights by effect: many valid and fatal frames, fewer of the rest, and only a few parked connections. */
    private static Attack pick(Random random) {
        while (true) {
            Attack attack = ATTACKS.get(random.nextInt(ATTACKS.size()));
            if (attack.effect != Effect.PARKED || random.nextInt(8) == 0) {
                return attack;
            }
        }
    }

    /** How many frames of each effect one hostile connection slot sent, and how many connections it used. */
    private static final class Tally {
        int frames;
        int answered;
        int fatal;
        int connections;

        void add(Tally other) {
            frames += other.frames;
            answered += other.answered;
            fatal += other.fatal;
            connections += other.connections;
        }
    }

    /**
     * Sends {@code frames} hostile frames from one slot, opening a new connection whenever the last one was closed
     * (by the server, or dropped on purpose). Asserts what the server must do: answer the valid requests correctly
     * and close the connection after every fatal frame.
     */
    private Tally hostileConnection(int port, Random random, int frames) throws Exception {
        Tally tally = new Tally();
        Socket socket = null;
        try {
            for (int i = 0; i < frames; i++) {
                if (socket == null) {
                    socket = connect(port);
                    tally.connections++;
                }
                Attack attack = pick(random);
                byte[] bytes = attack.bytes.apply(random);
                tally.frames++;
                boolean written = write(socket, bytes, random);
                switch (attack.effect) {
                    case ANSWERED -> {
                        assertThat(written).as("%s written", attack.name).isTrue();
                        assertAnswered(socket, bytes, attack);
                        tally.answered++;
                    }
                    case SILENT -> assertThat(written).as("%s written", attack.name).isTrue();
                    case FATAL -> {
                        assertClosedByPeer(socket, 5000);
                        socket.close();
                        socket = null;
                        tally.fatal++;
                    }
                    case UNKNOWN -> {
                        if (random.nextBoolean()) {
                            socket.setSoLinger(true, 0); // close with a reset instead of a FIN
                        }
                        socket.close();
                        socket = null;
                    }
                    case PARKED -> {
                        parkedSockets.add(socket);
                        socket = null;
                    }
                }
            }
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
        return tally;
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Writes the bytes whole or in a few random pieces; false if the server had already closed the connection. */
    private static boolean write(Socket socket, byte[] bytes, Random random) {
        try {
            OutputStream out = socket.getOutputStream();
            if (random.nextInt(4) == 0) {
                int at = 0;
                while (at < bytes.length) {
                    int size = Math.min(bytes.length - at, 1 + random.nextInt(64));
                    out.write(bytes, at, size);
                    out.flush();
                    at += size;
                }
            } else {
                out.write(bytes);
                out.flush();
            }
            return true;
        } catch (IOException closedByPeer) {
            return false;
        }
    }

    /** Reads the one response the request must get: matching opaque, the echoed body or "not supported". */
    private static void assertAnswered(Socket socket, byte[] requestFrame, Attack attack) throws Exception {
        RemotingCommand request = decode(requestFrame);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int length = in.readInt();
        assertThat(length).as("response length to %s", attack.name).isBetween(4, MAX_FRAME);
        byte[] rest = new byte[length];
        in.readFully(rest);
        RemotingCommand response = decodeWithoutLength(rest);
        assertThat(response.isResponseType()).isTrue();
        assertThat(response.getOpaque()).as("response to %s", attack.name).isEqualTo(request.getOpaque());
        if (request.getCode() == UNKNOWN_CODE) {
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        } else {
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(response.getBody()).as("echo of %s", attack.name).isEqualTo(request.getBody());
        }
    }

    private static byte[] request(Random random, SerializeType type, int maxBody) {
        RemotingCommand cmd = ServerClientFixture.request(ServerClientFixture.ECHO,
                randomBytes(random, 1 + random.nextInt(maxBody)));
        cmd.addExtField("k", Long.toHexString(random.nextLong()));
        return frame(cmd, type);
    }

    private static byte[] frame(RemotingCommand cmd, SerializeType type) {
        return ServerClientFixture.frame(cmd, type);
    }

    private static RemotingCommand decode(byte[] frameWithLength) throws RemotingCommandException {
        return decodeWithoutLength(Arrays.copyOfRange(frameWithLength, 4, frameWithLength.length));
    }

    private static RemotingCommand decodeWithoutLength(byte[] frame) throws RemotingCommandException {
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        try {
            return RemotingCommandCodec.decode(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] ints(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private void closeParkedSockets() throws IOException {
        Socket socket;
        while ((socket = parkedSockets.poll()) != null) {
            socket.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measurements

    private static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The server logs one warning per connection it closes and an error per unknown request code, as it should;
     * thousands of them would drown the build log.
     */
    private static Map<String, Level> quietExpectedWarnings() {
        Map<String, Level> previous = new java.util.HashMap<>();
        for (Class<?> type : List.of(ConnectionHandler.class, RequestDispatcher.class, ResponseTable.class)) {
            Logger logger = (Logger) LoggerFactory.getLogger(type);
            previous.put(type.getName(), logger.getLevel());
            logger.setLevel(Level.OFF);
        }
        return previous;
    }

    private static void restore(Map<String, Level> levels) {
        levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }
}
