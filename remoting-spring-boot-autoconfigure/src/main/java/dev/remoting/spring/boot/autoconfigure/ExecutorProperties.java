package dev.remoting.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one handler executor, under {@code remoting.executors.<name>}. Handler executors are the starter's own,
 * so their defaults are declared here.
 */
public class ExecutorProperties {

    /**
     * Number of threads; defaults to the number of available processors.
     */
    private int threads = Runtime.getRuntime().availableProcessors();

    /**
     * Maximum number of requests waiting for a thread; further requests are answered with SYSTEM_BUSY.
     */
    private int queueCapacity = 10_000;

    /**
     * Prefix of the thread names; defaults to the executor's name followed by a dash.
     */
    private @Nullable String threadNamePrefix;

    public int getThreads() {
        return this.threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public int getQueueCapacity() {
        return this.queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public @Nullable String getThreadNamePrefix() {
        return this.threadNamePrefix;
    }

    public void setThreadNamePrefix(@Nullable String threadNamePrefix) {
        this.threadNamePrefix = threadNamePrefix;
    }
}
