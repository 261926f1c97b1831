package dev.remoting.netty;

import dev.remoting.ChannelEventListener;
import dev.remoting.InvokeCallback;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.util.internal.ThreadExecutorMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import static org.awaitility.Awaitility.await;


/**
 * Loopback servers and clients for the integration tests in this package: everything it makes is bound to
 * 127.0.0.1 on an ephemeral port and torn down by {@link #close()} (gates first, so no processor stays blocked).
 */
final class LoopbackFixture implements AutoCloseable {

    /** Upper bound for anything a test waits for; far above what any condition needs on a slow machine. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final List<NettyRemotingClient> clients = new ArrayList<>();
    private final List<NettyRemotingServer> servers = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();

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
        config.setClientWorkerThreads(2);
        config.setClientCallbackExecutorThreads(4);
        config.setConnectTimeoutMillis(3000);
        return config;
    }

    NettyRemotingServer server() {
        return server(serverConfig(), null);
    }

    /** Creates an unstarted server; the caller registers processors and then calls {@link #start}. */
    NettyRemotingServer newServer(NettyServerConfig config, ChannelEventListener listener) {
        NettyRemotingServer server = new NettyRemotingServer(config, listener);
        servers.add(server);
        return server;
    }

    NettyRemotingServer server(NettyServerConfig config, ChannelEventListener listener) {
        NettyRemotingServer server = newServer(config, listener);
        server.start();
        return server;
    }

    NettyRemotingClient client() {
        return client(clientConfig(), null);
    }

    NettyRemotingClient client(NettyClientConfig config, ChannelEventListener listener) {
        NettyRemotingClient client = newClient(config, listener);
        client.start();
        return client;
    }

    NettyRemotingClient newClient(NettyClientConfig config, ChannelEventListener listener) {
        NettyRemotingClient client = new NettyRemotingClient(config, listener);
        clients.add(client);
        return client;
    }

    static String addr(NettyRemotingServer server) {
        return "127.0.0.1:" + server.localListenPort();
    }

    /** An executor whose threads are named {@code prefix + n}. */
    ExecutorService executor(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
        return track(executor);
    }

    <E extends ExecutorService> E track(E executor) {
        executors.add(executor);
        return executor;
    }

    /** A latch that blocked processors wait on; {@link #close()} opens every gate before shutting down. */
    CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        return gate;
    }

    /** Waits on a gate, bounded so that a broken test cannot hang a thread forever. */
    static void pass(CountDownLatch gate) throws InterruptedException {
        if (!gate.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
    }

    static ConditionFactory eventually() {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).pollDelay(Duration.ZERO);
    }

    static RemotingCommand request(int code, String body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        if (body != null) {
            request.setBody(body.getBytes(StandardCharsets.UTF_8));
        }
        return request;
    }

    static RemotingCommand success(String body) {
        RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        if (body != null) {
            response.setBody(body.getBytes(StandardCharsets.UTF_8));
        }
        return response;
    }

    static String body(RemotingCommand command) {
        return command.getBody() == null ? null : new String(command.getBody(), StandardCharsets.UTF_8);
    }

    /** Echoes the request body with SUCCESS. */
    static NettyRequestProcessor echo() {
        return (ctx, request) -> success(body(request));
    }

    /**
     * Whether the current thread is running a Netty event executor: an I/O event loop, or an executor of the codec /
     * worker group that runs the pipeline's handlers.
     */
    static boolean onNettyThread() {
        return ThreadExecutorMap.currentExecutor() != null || isNettyIoThreadName(Thread.currentThread().getName());
    }

    /** Names of the threads of this library's event loop groups and handler executor groups. */
    static boolean isNettyIoThreadName(String name) {
        return name.contains("Selector") || name.contains("Boss") || name.contains("CodecThread")
                || name.contains("WorkerThread");
    }

    @Override
    public void close() {
        for (CountDownLatch gate : gates) {
            gate.countDown();
        }
        for (NettyRemotingClient client : clients) {
            client.shutdown();
        }
        for (NettyRemotingServer server : servers) {
            server.shutdown();
        }
        for (ExecutorService executor : executors) {
            executor.shutdownNow();
        }
        for (ExecutorService executor : executors) {
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records everything an {@link InvokeCallback} is told, and when. */
    static final class RecordingCallback implements InvokeCallback {
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicReference<RemotingCommand> response = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<ResponseFuture> responseFuture = new AtomicReference<>();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicLong completedAtNanos = new AtomicLong();
        final AtomicBoolean onNettyThread = new AtomicBoolean();
        final CompletableFuture<ResponseFuture> done = new CompletableFuture<>();
        private final Runnable onComplete;

        RecordingCallback() {
            this(() -> {
            });
        }

        /** @param onComplete runs inside {@code operationComplete}, before the callback counts as done */
        RecordingCallback(Runnable onComplete) {
            this.onComplete = onComplete;
        }

        @Override
        public void operationSucceed(RemotingCommand response) {
            this.response.set(response);
            succeeded.incrementAndGet();
        }

        @Override
        public void operationFail(Throwable throwable) {
            failure.set(throwable);
            failed.incrementAndGet();
        }

        @Override
        public void operationComplete(ResponseFuture responseFuture) {
            completedAtNanos.set(System.nanoTime());
            thread.set(Thread.currentThread());
            onNettyThread.set(onNettyThread());
            this.responseFuture.set(responseFuture);
            try {
                onComplete.run();
            } finally {
                completed.incrementAndGet();
                done.complete(responseFuture);
            }
        }

        /** Waits for {@code operationComplete}. */
        RecordingCallback awaitDone() throws Exception {
            done.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        }
    }
}
