package dev.remoting.spring.cloud;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The instances of one client's service that left the registry, with the nano time they left: until the registry
 * lists them again, or for ten minutes (longer than LoadBalancer's cache may offer one, or a call may last). The
 * selector asks LoadBalancer again when it chose one; the per-instance counters do not count a call that began before
 * its instance left, lest its counters come back for good.
 */
final class Departures {

    private static final long MEMORY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Map<String, Long> leftAt = new ConcurrentHashMap<>();

    /** These addresses left now. */
    void left(Collection<String> addresses) {
        long now = System.nanoTime();
        addresses.forEach(address -> this.leftAt.put(address, now));
    }

    /** The registry lists these now: they are back; and what left long ago is forgotten. */
    void listed(Collection<String> addresses) {
        if (this.leftAt.isEmpty()) {
            return;
        }
        this.leftAt.keySet().removeAll(addresses);
        long forgotten = System.nanoTime() - MEMORY_NANOS;
        this.leftAt.values().removeIf(at -> at - forgotten < 0);
    }

    /** Whether the address left and is not listed again. */
    boolean hasLeft(String address) {
        return !this.leftAt.isEmpty() && this.leftAt.containsKey(address);
    }

    /** Whether the address left after the given nano time. */
    boolean leftSince(String address, long nanos) {
        if (this.leftAt.isEmpty()) {
            return false;
        }
        Long at = this.leftAt.get(address);
        return at != null && nanos - at < 0;
    }
}
