package dev.remoting.internal.call;

import dev.remoting.ChannelEventListener;
import dev.remoting.NettyEventType;
import dev.remoting.RemotingHelper;
import dev.remoting.RemotingMetricsListener;
import dev.remoting.internal.server.RequestDispatcher;
import dev.remoting.internal.server.RequestProcessorRegistry;
import dev.remoting.internal.transport.ChannelEventDispatcher;
import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The machinery both sides share, assembled once: hooks, processors and their dispatcher, the response table and
 * the invoker that fills it, channel events, and the public executor.
 */
public final class RemotingEndpoint {

    private final HookChain hooks = new HookChain();
    private final InterceptorChain interceptors = new InterceptorChain();
    private final ExecutorService publicExecutor;
    private final RequestProcessorRegistry registry;
    private final RequestDispatcher dispatcher;
    private final ResponseTable responseTable;
    private final RemotingInvoker invoker;
    private final ChannelEventDispatcher events;
    private volatile Consumer<Channel> onClose = channel -> {
    };
    private volatile @Nullable Executor callbackExecutor;

    /**
     * @param side "Server" or "Client", used in thread names
     * @param useCallbackExecutor whether callbacks run on an executor (otherwise on the completing thread)
     */
    public RemotingEndpoint(String side, int publicThreads, int asyncPermits, int onewayPermits,
            @Nullable ChannelEventListener listener, int eventQueueCapacity, boolean useCallbackExecutor) {
        this(side, publicThreads, Integer.MAX_VALUE, asyncPermits, onewayPermits, listener, eventQueueCapacity,
                useCallbackExecutor);
    }

    /**
     * @param publicQueueCapacity tasks the public executor queues before it refuses more (a request it refuses is
     *        answered SYSTEM_BUSY, a callback runs on the thread that completed its call)
     */
    public RemotingEndpoint(String side, int publicThreads, int publicQueueCapacity, int asyncPermits,
            int onewayPermits, @Nullable ChannelEventListener listener, int eventQueueCapacity,
            boolean useCallbackExecutor) {
        Objects.requireNonNull(side, "side");
        int threads = publicThreads > 0 ? publicThreads : 4;
        this.publicExecutor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(publicQueueCapacity),
                new DefaultThreadFactory("Netty" + side + "PublicExecutor", true));
        this.registry = new RequestProcessorRegistry(publicExecutor);
        this.dispatcher = new RequestDispatcher(registry, hooks, interceptors);
        this.responseTable = new ResponseTable(side + "HouseKeepingService",
                () -> !useCallbackExecutor ? null : callbackExecutor != null ? callbackExecutor : publicExecutor);
        this.invoker = new RemotingInvoker(asyncPermits, onewayPermits, responseTable);
        this.events = new ChannelEventDispatcher(listener, eventQueueCapacity, "Netty" + side + "EventExecutor");
    }

    public void start() {
        responseTable.start();
        events.start();
    }

    /** Fails what is still pending and stops every thread this endpoint owns. */
    public void shutdown() {
        // Timer first, so that no deadline fires on a call that failAll is about to fail.
        responseTable.stop();
        responseTable.failAll("remoting service shut down");
        events.shutdown();
        publicExecutor.shutdown();
        try {
            if (!publicExecutor.awaitTermination(3, TimeUnit.SECONDS)) {
                publicExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            publicExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public void publish(NettyEventType type, Channel channel) {
        events.publish(type, RemotingHelper.parseChannelRemoteAddr(channel), channel);
    }

    public void channelClosed(Channel channel) {
        responseTable.failChannel(channel);
        onClose.accept(channel);
    }

    /** Adds work to do when a channel closes, after its pending calls have failed. */
    public void onChannelClose(Consumer<Channel> onClose) {
        this.onClose = onClose;
    }

    public void metrics(@Nullable RemotingMetricsListener metrics) {
        RemotingMetricsListener listener = GuardedMetricsListener.of(
                metrics != null ? metrics : RemotingMetricsListener.NOOP);
        responseTable.metrics(listener);
        dispatcher.metrics(listener);
    }

    public RemotingMetricsListener metrics() {
        return responseTable.metrics();
    }

    public HookChain hooks() {
        return hooks;
    }

    public InterceptorChain interceptors() {
        return interceptors;
    }

    public void callbackExecutor(@Nullable Executor executor) {
        this.callbackExecutor = executor;
    }

    public ExecutorService publicExecutor() {
        return publicExecutor;
    }

    public RequestProcessorRegistry registry() {
        return registry;
    }

    public RequestDispatcher dispatcher() {
        return dispatcher;
    }

    public ResponseTable responseTable() {
        return responseTable;
    }

    public RemotingInvoker invoker() {
        return invoker;
    }

    public long droppedEvents() {
        return events.droppedCount();
    }
}
