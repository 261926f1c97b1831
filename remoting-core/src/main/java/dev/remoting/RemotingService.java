package dev.remoting;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * What a server and a client share: a life cycle, hooks, a processor table for requests that arrive from the peer,
 * and the numbers worth monitoring.
 */
public interface RemotingService {

    void start();

    /** Stops accepting work, fails calls still pending, and releases every thread and buffer. Idempotent. */
    void shutdown();

    /** Adds a hook; hooks run in registration order, and {@code null} or a hook already registered is ignored. */
    void registerRPCHook(@Nullable RPCHook rpcHook);

    List<RPCHook> getRPCHooks();

    /**
     * Adds an interceptor that runs around every call this side makes or serves, outside the hooks; interceptors run
     * in registration order, and {@code null} or one already registered is ignored. See {@link RemotingInterceptor}.
     */
    void registerInterceptor(@Nullable RemotingInterceptor interceptor);

    List<RemotingInterceptor> getInterceptors();

    /** Reports how every request and call ends to this listener ({@code null} removes it). */
    void setMetricsListener(@Nullable RemotingMetricsListener listener);

    void clearRPCHook();

    /**
     * Routes requests with the given code to a processor, run on the given executor ({@code null} means this
     * side's shared public executor).
     */
    void registerProcessor(int requestCode, NettyRequestProcessor processor, @Nullable ExecutorService executor);

    /** Sets the processor for codes that have none of their own ({@code null} executor: the public one). */
    void registerDefaultProcessor(NettyRequestProcessor processor, @Nullable ExecutorService executor);

    /** Returns the processor and executor that handle the code, or {@code null} when only the default would. */
    @Nullable ProcessorPair getProcessorPair(int requestCode);

    /** Returns the default processor, or {@code null}. */
    @Nullable ProcessorPair getDefaultProcessorPair();

    /** Returns a snapshot of the per-code processor table. */
    Map<Integer, ProcessorPair> getProcessorTable();

    /** Returns the number of calls waiting for a response. */
    int getResponseTableSize();

    /** Returns how many calls wait for a response on each connection that has any, for monitoring. */
    default Map<Channel, Integer> getPendingCallsByChannel() {
        return Map.of();
    }

    int getAvailableAsyncPermits();

    int getAvailableOnewayPermits();

    /** Returns the number of open connections. */
    int getConnectionCount();

    /** Returns how many channel events were dropped because the listener fell behind. */
    long getDroppedEventCount();

    /**
     * Returns the executor that runs processors registered without one and invoke callbacks, or {@code null} when
     * this implementation has none of its own. Monitoring binds it; do not shut it down.
     */
    default @Nullable ExecutorService getPublicExecutor() {
        return null;
    }

    /** Returns the I/O and codec thread groups once started, for monitoring; empty when there are none. */
    default List<EventExecutorGroup> getEventExecutorGroups() {
        return List.of();
    }
}
