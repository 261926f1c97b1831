package dev.remoting.netty;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.ProcessorPair;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Which processor, on which executor, handles each request code. Registration may happen before or after start.
 */
final class RequestProcessorRegistry {

    private final Map<Integer, ProcessorPair> table = new ConcurrentHashMap<>(64);
    private final ExecutorService publicExecutor;
    private volatile @Nullable ProcessorPair defaultPair;

    RequestProcessorRegistry(ExecutorService publicExecutor) {
        this.publicExecutor = Objects.requireNonNull(publicExecutor, "publicExecutor");
    }

    void register(int code, NettyRequestProcessor processor, @Nullable ExecutorService executor) {
        table.put(code, new ProcessorPair(processor, executor != null ? executor : publicExecutor));
    }

    void registerDefault(NettyRequestProcessor processor, @Nullable ExecutorService executor) {
        defaultPair = new ProcessorPair(processor, executor != null ? executor : publicExecutor);
    }

    @Nullable ProcessorPair get(int code) {
        return table.get(code);
    }

    @Nullable ProcessorPair defaultPair() {
        return defaultPair;
    }

    /** Returns the pair that handles the code: its own, else the default, else {@code null}. */
    @Nullable ProcessorPair resolve(int code) {
        ProcessorPair pair = table.get(code);
        return pair != null ? pair : defaultPair;
    }

    Map<Integer, ProcessorPair> snapshot() {
        return Map.copyOf(table);
    }
}
