package dev.remoting.netty;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.ProcessorPair;
import dev.remoting.RPCHook;
import dev.remoting.RemotingInterceptor;
import dev.remoting.RemotingMetricsListener;
import dev.remoting.RemotingService;
import dev.remoting.internal.call.RemotingEndpoint;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RemotingService} half that server and client share, answered by their {@link RemotingEndpoint}.
 */
abstract class AbstractNettyRemoting implements RemotingService {

    final RemotingEndpoint endpoint;

    AbstractNettyRemoting(RemotingEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void registerRPCHook(@Nullable RPCHook rpcHook) {
        endpoint.hooks().register(rpcHook);
    }

    @Override
    public void registerInterceptor(@Nullable RemotingInterceptor interceptor) {
        endpoint.interceptors().register(interceptor);
    }

    @Override
    public List<RemotingInterceptor> getInterceptors() {
        return endpoint.interceptors().snapshot();
    }

    @Override
    public void setMetricsListener(@Nullable RemotingMetricsListener listener) {
        endpoint.metrics(listener);
    }

    @Override
    public List<RPCHook> getRPCHooks() {
        return endpoint.hooks().snapshot();
    }

    @Override
    public void clearRPCHook() {
        endpoint.hooks().clear();
    }

    @Override
    public void registerProcessor(int requestCode, NettyRequestProcessor processor,
            @Nullable ExecutorService executor) {
        endpoint.registry().register(requestCode, Objects.requireNonNull(processor, "processor"), executor);
    }

    @Override
    public void registerDefaultProcessor(NettyRequestProcessor processor, @Nullable ExecutorService executor) {
        endpoint.registry().registerDefault(Objects.requireNonNull(processor, "processor"), executor);
    }

    @Override
    public @Nullable ProcessorPair getProcessorPair(int requestCode) {
        return endpoint.registry().get(requestCode);
    }

    @Override
    public @Nullable ProcessorPair getDefaultProcessorPair() {
        return endpoint.registry().defaultPair();
    }

    @Override
    public Map<Integer, ProcessorPair> getProcessorTable() {
        return endpoint.registry().snapshot();
    }

    @Override
    public int getResponseTableSize() {
        return endpoint.responseTable().size();
    }

    @Override
    public Map<Channel, Integer> getPendingCallsByChannel() {
        return endpoint.responseTable().sizeByChannel();
    }

    @Override
    public int getAvailableAsyncPermits() {
        return endpoint.invoker().availableAsyncPermits();
    }

    @Override
    public int getAvailableOnewayPermits() {
        return endpoint.invoker().availableOnewayPermits();
    }

    @Override
    public long getDroppedEventCount() {
        return endpoint.droppedEvents();
    }

    @Override
    public ExecutorService getPublicExecutor() {
        return endpoint.publicExecutor();
    }
}
