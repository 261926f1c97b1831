package dev.remoting.netty;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the number of open connections of one server. A connection over the cap is closed as soon as it is
 * accepted, before any handler sees it (so it raises no channel event), and counted.
 */
final class ConnectionLimiter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    /** @param max the most connections open at once; 0 or less means no limit */
    ConnectionLimiter(int max) {
        this.max = max;
    }

    /** Admits the channel, or closes and counts it when the server is full. */
    boolean admit(Channel channel) {
        if (max <= 0) {
            return true;
        }
        while (true) {
            int current = open.get();
            if (current >= max) {
                refuse(channel);
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                channel.closeFuture().addListener(f -> open.decrementAndGet());
                return true;
            }
        }
    }

    private void refuse(Channel channel) {
        long count = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarning.get();
        // A flood of refused connections must not flood the log as well: one line per interval, with the count.
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("refusing connection {}: the server already has {} connections (maxConnections); "
                    + "{} refused so far", RemotingHelper.parseSocketAddress(channel.remoteAddress()), max, count);
        } else {
            log.debug("refusing connection {}: maxConnections {} reached",
                    RemotingHelper.parseSocketAddress(channel.remoteAddress()), max);
        }
        channel.close();
    }

    long refusedCount() {
        return refused.get();
    }
}
