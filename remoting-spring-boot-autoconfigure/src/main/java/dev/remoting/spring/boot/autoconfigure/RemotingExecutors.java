package dev.remoting.spring.boot.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The executors request handlers run on: those named under {@code remoting.executors}, and a dedicated one for each
 * handler that names none. Every queue is bounded and a full one rejects, which the server answers with SYSTEM_BUSY,
 * so a pool's size means what it says.
 */
public final class RemotingExecutors implements DisposableBean {

    private final Map<String, ThreadPoolExecutor> executors = new LinkedHashMap<>();
    private final Set<String> configured;
    private final ExecutorProperties dedicatedDefaults = new ExecutorProperties();

    public RemotingExecutors(Map<String, ExecutorProperties> configured) {
        configured.forEach((name, settings) -> this.executors.put(name, create(name, settings)));
        this.configured = Set.copyOf(configured.keySet());
    }

    /**
     * Returns the executor configured under {@code remoting.executors.<name>}.
     * @throws IllegalStateException naming the handler when there is none
     */
    public synchronized ThreadPoolExecutor named(String name, String handler) {
        if (!this.configured.contains(name)) {
            throw new IllegalStateException(handler + " uses executor '" + name
                    + "', but remoting.executors has no such entry (configured: " + configuredNames() + ")");
        }
        return this.executors.get(name);
    }

    /** Returns the names configured under {@code remoting.executors}, in their order. */
    public List<String> configuredNames() {
        return this.executors.keySet().stream().filter(this.configured::contains).toList();
    }

    /**
     * Creates the dedicated executor of a handler that names none, with the default pool settings.
     * @throws IllegalStateException when the name is that of a configured executor, which the handler would
     * otherwise share without having asked for it
     */
    public synchronized ThreadPoolExecutor dedicated(String name) {
        if (this.configured.contains(name)) {
            throw new IllegalStateException("The dedicated executor '" + name + "' of a handler that names no "
                    + "executor clashes with remoting.executors." + name + "; set the handler's executor");
        }
        return this.executors.computeIfAbsent(name, n -> create(n, this.dedicatedDefaults));
    }

    /** Returns how many requests the named executor turned away because its queue was full. */
    public synchronized long rejectedCount(String name) {
        ThreadPoolExecutor executor = this.executors.get(name);
        return executor == null ? 0 : RejectedTaskCounter.count(executor);
    }

    /** Returns every executor by name. */
    public synchronized Map<String, ThreadPoolExecutor> all() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(this.executors));
    }

    @Override
    public synchronized void destroy() throws InterruptedException {
        this.executors.values().forEach(ThreadPoolExecutor::shutdown);
        // One deadline for all: the pools drain in parallel, so waiting for each in turn would only add up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ThreadPoolExecutor executor : this.executors.values()) {
            if (!executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        }
    }

    /** The settings were checked when they were bound ({@link RemotingPropertiesValidator}). */
    private ThreadPoolExecutor create(String name, ExecutorProperties settings) {
        String prefix = settings.getThreadNamePrefix() != null ? settings.getThreadNamePrefix() : name + "-";
        CustomizableThreadFactory threadFactory = new CustomizableThreadFactory(prefix);
        threadFactory.setDaemon(true);
        // Aborts, which the server answers with SYSTEM_BUSY, and counts.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(settings.getThreads(), settings.getThreads(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.getQueueCapacity()), threadFactory,
                new ThreadPoolExecutor.AbortPolicy());
        RejectedTaskCounter.install(executor);
        return executor;
    }
}
