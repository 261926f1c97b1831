package dev.remoting.internal.server;

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
public final class RequestProcessorRegistry {

    private final Map<Integer, ProcessorPair> table = new ConcurrentHashMap<>(64);
    private final ExecutorService publicExecutor;
    private volatile @Nullable ProcessorPair defaultPair;

    public RequestProcessorRegistry(ExecutorService publicExecutor) {
        this.publicExecutor = Objects.requireNonNull(publicExecutor, "publicExecutor");
    }

    public void register(int code, NettyRequestProcessor processor, @Nullable ExecutorService executor) {
        table.put(code, new ProcessorPair(processor, executor != null ? executor : publicExecutor));
    }

    public void registerDefault(NettyRequestProcessor processor, @Nullable ExecutorService executor) {
        defaultPair = new ProcessorPair(processor, executor != null ? executor : publicExecutor);
    }

    public @Nullable ProcessorPair get(int code) {
        return table.get(code);
    }

    public @Nullable ProcessorPair defaultPair() {
        return defaultPair;
    }

    /** Returns the pair that handles the code: its own, else the default, else {@code null}. */
    public @Nullable ProcessorPair resolve(int code) {
        ProcessorPair pair = table.get(code);
        return pair != null ? pair : defaultPair;
    }

    public Map<Integer, ProcessorPair> snapshot() {
        return Map.copyOf(table);
    }
}
