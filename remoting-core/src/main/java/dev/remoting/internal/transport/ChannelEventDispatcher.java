package dev.remoting.internal.transport;

import dev.remoting.ChannelEventListener;
import dev.remoting.NettyEventType;
import io.netty.channel.Channel;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands channel events to the listener on a thread of its own, through a bounded queue: a slow listener never
 * blocks I/O, and an event that does not fit is counted and logged rather than lost silently.
 */
public final class ChannelEventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ChannelEventDispatcher.class);

    private final @Nullable ChannelEventListener listener;
    private final BlockingQueue<Event> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running;

    public ChannelEventDispatcher(@Nullable ChannelEventListener listener, int capacity, String threadName) {
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.thread = new Thread(this::run, Objects.requireNonNull(threadName, "threadName"));
        this.thread.setDaemon(true);
    }

    public void start() {
        if (listener != null) {
            running = true;
            thread.start();
        }
    }

    public void publish(NettyEventType type, String remoteAddr, Channel channel) {
        if (listener == null) {
            return;
        }
        if (!queue.offer(new Event(type, remoteAddr, channel))) {
            long total = dropped.incrementAndGet();
            // Log the first drop and then every thousandth, so an overflow is visible without flooding the log.
            if (total == 1 || total % 1000 == 0) {
                log.warn("channel event queue is full ({} events), dropped {} {}; {} dropped so far",
                        queue.size(), type, remoteAddr, total);
            }
        }
    }

    public long droppedCount() {
        return dropped.get();
    }

    /** Delivers what is already queued, then stops the thread. */
    public void shutdown() {
        if (!running) {
            return;
        }
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Event event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event != null) {
                deliver(event);
            }
        }
    }

    private void deliver(Event event) {
        try {
            switch (event.type) {
                case CONNECT -> listener.onChannelConnect(event.remoteAddr, event.channel);
                case CLOSE -> listener.onChannelClose(event.remoteAddr, event.channel);
                case IDLE -> listener.onChannelIdle(event.remoteAddr, event.channel);
                case EXCEPTION -> listener.onChannelException(event.remoteAddr, event.channel);
                case ACTIVE -> listener.onChannelActive(event.remoteAddr, event.channel);
            }
        } catch (RuntimeException e) {
            log.warn("channel event listener failed on {} {}", event.type, event.remoteAddr, e);
        }
    }

    private record Event(NettyEventType type, String remoteAddr, Channel channel) {
    }
}
