package dev.remoting.netty;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.RemotingService;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import static org.assertj.core.api.Assertions.fail;


/**
 * Loopback servers, clients and raw sockets for the transport tests, all shut down by {@link #close()}: clients
 * first, then servers. Latches handed out by {@link #latch()} are released before anything is shut down, so a
 * processor blocked on one never holds up a shutdown.
 */
final class ServerClientFixture implements AutoCloseable {

    static final int ECHO = 1;

    private final List<RemotingService> clients = new CopyOnWriteArrayList<>();
    private final List<RemotingService> servers = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> latches = new CopyOnWriteArrayList<>();

    /** Awaitility with a short poll interval, so that waits end soon after their condition holds. */
    static ConditionFactory await() {
        return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    /** A server config bound to loopback on an ephemeral port, with few threads. */
    static NettyServerConfig serverConfig() {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        config.setServerSelectorThreads(1);
        config.setServerWorkerThreads(2);
        config.setServerCallbackExecutorThreads(4);
        return config;
    }

    static NettyClientConfig clientConfig() {
        NettyClientConfig config = new NettyClientConfig();
        config.setClientWorkerThreads(1);
        config.setClientCallbackExecutorThreads(2);
        config.setConnectTimeoutMillis(2000);
        return config;
    }

    /** Starts a server after {@code setup} (processor registration) ran; it answers {@link #ECHO} unless told. */
    NettyRemotingServer server(NettyServerConfig config, Consumer<NettyRemotingServer> setup) {
        NettyRemotingServer server = new NettyRemotingServer(config);
        servers.add(server);
        if (server.getProcessorPair(ECHO) == null) {
            server.registerProcessor(ECHO, echo(), null);
        }
        setup.accept(server);
        server.start();
        return server;
    }

    NettyRemotingServer server() {
        return server(serverConfig(), s -> {
        });
    }

    NettyRemotingClient client(NettyClientConfig config) {
        NettyRemotingClient client = new NettyRemotingClient(config);
        clients.add(client);
        client.start();
        return client;
    }

    NettyRemotingClient client() {
        return client(clientConfig());
    }

    /** A latch that {@link #close()} releases before shutting anything down. */
    CountDownLatch latch() {
        CountDownLatch latch = new CountDownLatch(1);
        latches.add(latch);
        return latch;
    }

    /** A raw socket connected to the server; closed by {@link #close()}. */
    Socket rawSocket(NettyRemotingServer server) throws IOException {
        return rawSocket(server, socket -> {
        });
    }

    /** A raw socket with options set before it connects; closed by {@link #close()}. */
    Socket rawSocket(NettyRemotingServer server, SocketOptions options) throws IOException {
        Socket socket = new Socket();
        closeables.add(socket);
        options.apply(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", server.localListenPort()), 2000);
        return socket;
    }

    interface SocketOptions {
        void apply(Socket socket) throws IOException;
    }

    /** Registers something to close after the services are shut down. */
    <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    static String addr(NettyRemotingServer server) {
        return "127.0.0.1:" + server.localListenPort();
    }

    /** An address where nothing listens: a port that was just bound and released. */
    static String deadAddr() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    static NettyRequestProcessor echo() {
        return (ctx, request) -> {
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(request.getBody());
            return response;
        };
    }

    static RemotingCommand request(int code) {
        return RemotingCommand.createRequestCommand(code, null);
    }

    static RemotingCommand request(int code, byte[] body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        request.setBody(body);
        return request;
    }

    /** A SUCCESS response with the text as its body. */
    static RemotingCommand answer(String text) {
        RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        response.setBody(text.getBytes(StandardCharsets.UTF_8));
        return response;
    }

    /** The body as UTF-8 text, {@code null} if there is none. */
    static String bodyText(RemotingCommand response) {
        return response.getBody() == null ? null : new String(response.getBody(), StandardCharsets.UTF_8);
    }

    static RemotingCommand echoRequest(String text) {
        return request(ECHO, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One whole frame, length word included, as a peer would send it. */
    static byte[] frame(RemotingCommand command, SerializeType type) {
        ByteBuf out = Unpooled.buffer();
        try {
            RemotingCommandCodec.encode(command, type, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /**
     * Asserts that the peer closes the socket within the deadline: a read returns end of stream or fails with a
     * reset. Anything the server still sent before closing is skipped.
     */
    static void assertClosedByPeer(Socket socket, long deadlineMillis) throws IOException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                fail("the server did not close the connection within " + deadlineMillis + "ms");
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(buffer) < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                fail("the server did not close the connection within " + deadlineMillis + "ms");
            } catch (IOException e) {
                return; // connection reset: closed by the server with our bytes unread
            }
        }
    }

    /** Live threads whose names start with any of the prefixes. */
    static Set<Thread> liveThreads(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> {
                    for (String prefix : prefixes) {
                        if (t.getName().startsWith(prefix)) {
                            return true;
                        }
                    }
                    return false;
                })
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        latches.forEach(latch -> {
            while (latch.getCount() > 0) {
                latch.countDown();
            }
        });
        List<Throwable> errors = new ArrayList<>();
        for (RemotingService service : concat(clients, servers)) {
            try {
                service.shutdown();
            } catch (Throwable e) {
                errors.add(e);
            }
        }
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        clients.clear();
        servers.clear();
        closeables.clear();
        if (!errors.isEmpty()) {
            AssertionError error = new AssertionError("shutdown failed: " + errors.get(0), errors.get(0));
            errors.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    private static List<RemotingService> concat(Collection<RemotingService> a, Collection<RemotingService> b) {
        List<RemotingService> all = new ArrayList<>(a);
        all.addAll(b);
        return Collections.unmodifiableList(all);
    }

    /** An executor that runs each task on the thread that submits it, to observe which thread dispatches. */
    static final class CallerRunsExecutor extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
