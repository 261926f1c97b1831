package dev.remoting.spring.boot.autoconfigure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the tasks a {@link ThreadPoolExecutor} rejects, in front of the handler it had, which still decides what a
 * rejection does. A {@link ThreadPoolExecutor} keeps no such count itself, and {@code /actuator/remoting} reports one
 * for every executor: the handler executors get theirs when they are built, a server's or client's public executor
 * when the endpoint starts.
 */
public final class RejectedTaskCounter implements RejectedExecutionHandler {

    private final RejectedExecutionHandler delegate;
    private final LongAdder count = new LongAdder();

    private RejectedTaskCounter(RejectedExecutionHandler delegate) {
        this.delegate = delegate;
    }

    /** Puts a counter in front of the executor's handler, once: a second call finds it there and changes nothing. */
    public static synchronized void install(ThreadPoolExecutor executor) {
        RejectedExecutionHandler current = executor.getRejectedExecutionHandler();
        if (!(current instanceof RejectedTaskCounter)) {
            executor.setRejectedExecutionHandler(new RejectedTaskCounter(current));
        }
    }

    /** The tasks the executor rejected since a counter was installed; 0 where none was (or it is no pool). */
    public static long count(ExecutorService executor) {
        return executor instanceof ThreadPoolExecutor pool
                && pool.getRejectedExecutionHandler() instanceof RejectedTaskCounter counter ? counter.count.sum() : 0;
    }

    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
        this.count.increment();
        this.delegate.rejectedExecution(task, executor);
    }
}
