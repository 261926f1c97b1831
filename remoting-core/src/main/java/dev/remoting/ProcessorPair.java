package dev.remoting;

import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * A processor and the executor its requests run on.
 */
public record ProcessorPair(NettyRequestProcessor processor, ExecutorService executor) {

    public ProcessorPair {
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(executor, "executor");
    }
}
