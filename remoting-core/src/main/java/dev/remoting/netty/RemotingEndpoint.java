package dev.remoting.netty;

import dev.remoting.ChannelEventListener;
import dev.remoting.NettyEventType;
import dev.remoting.RPCHook;
import dev.remoting.RemotingHelper;
import dev.remoting.RemotingMetricsListener;
import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The machinery both sides share, assembled once: hooks, processors and their dispatcher, the response table and
 * the invoker that fills it, channel events, and the public executor.
 */
final class RemotingEndpoint {

    private final List<RPCHook> hooks = new CopyOnWriteArrayList<>();
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
    RemotingEndpoint(String side, int publicThreads, int asyncPermits, int onewayPermits,
            @Nullable ChannelEventListener listener, int eventQueueCapacity, boolean useCallbackExecutor) {
        this.publicExecutor = Executors.newFixedThreadPool(publicThreads > 0 ? publicThreads : 4,
                new DefaultThreadFactory("Netty" + side + "PublicExecutor", true));
        this.registry = new RequestProcessorRegistry(publicExecutor);
        this.dispatcher = new RequestDispatcher(registry, hooks);
        this.responseTable = new ResponseTable(side + "HouseKeepingService",
                () -> !useCallbackExecutor ? null : callbackExecutor != null ? callbackExecutor : publicExecutor);
        this.invoker = new RemotingInvoker(asyncPermits, onewayPermits, responseTable);
        this.events = new ChannelEventDispatcher(listener, eventQueueCapacity, "Netty" + side + "EventExecutor");
    }

    void start() {
        responseTable.start();
        events.start();
    }

    /** Fails what is still pending and stops every thread this endpoint owns. */
    void shutdown() {
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

    void publish(NettyEventType type, Channel channel) {
        events.publish(type, RemotingHelper.parseChannelRemoteAddr(channel), channel);
    }

    void channelClosed(Channel channel) {
        responseTable.failChannel(channel);
        onClose.accept(channel);
    }

    /** Adds work to do when a channel closes, after its pending calls have failed. */
    void onChannelClose(Consumer<Channel> onClose) {
        this.onClose = onClose;
    }

    void metrics(@Nullable RemotingMetricsListener metrics) {
        RemotingMetricsListener listener = GuardedMetricsListener.of(
                metrics != null ? metrics : RemotingMetricsListener.NOOP);
        responseTable.metrics(listener);
        dispatcher.metrics(listener);
    }

    RemotingMetricsListener metrics() {
        return responseTable.metrics();
    }

    void registerHook(@Nullable RPCHook hook) {
        if (hook != null && !hooks.contains(hook)) {
            hooks.add(hook);
        }
    }

    List<RPCHook> hooks() {
        return hooks;
    }

    void callbackExecutor(@Nullable Executor executor) {
        this.callbackExecutor = executor;
    }

    ExecutorService publicExecutor() {
        return publicExecutor;
    }

    RequestProcessorRegistry registry() {
        return registry;
    }

    RequestDispatcher dispatcher() {
        return dispatcher;
    }

    ResponseTable responseTable() {
        return responseTable;
    }

    RemotingInvoker invoker() {
        return invoker;
    }

    long droppedEvents() {
        return events.droppedCount();
    }
}
