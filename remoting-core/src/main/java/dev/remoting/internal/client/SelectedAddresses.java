package dev.remoting.internal.client;

import dev.remoting.AddressSelector;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.internal.call.Call;
import dev.remoting.internal.transport.LogThrottle;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Which address serves a call made with a {@code null} address when the client has an {@link AddressSelector}: the
 * one it selects, connected through the {@link ChannelTable}. A connect that fails makes the call select again,
 * passing over that address for the rest of the call and, while the selector offers others, for a few seconds of
 * later calls (a registry can list an instance for a while after it stopped, and a dead host costs a connect timeout
 * per try).
 */
final class SelectedAddresses {

    private static final Logger log = LoggerFactory.getLogger(SelectedAddresses.class);
    /** How often one call asks the selector, at most: enough to pass over a few failed instances by round robin. */
    private static final int MAX_SELECTIONS = 8;
    /** How many of them may pass over an address that failed recently before it is tried anyway. */
    private static final int MAX_PASSES = MAX_SELECTIONS / 2;
    private static final long AVOID_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ChannelTable table;
    private final LogThrottle unreachable = new LogThrottle();
    /** Addresses whose connect failed, with the nano time until which calls pass over them. */
    private final ConcurrentHashMap<String, Long> failed = new ConcurrentHashMap<>();
    private volatile @Nullable AddressSelector selector;

    SelectedAddresses(ChannelTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    void selector(@Nullable AddressSelector selector) {
        this.selector = selector;
    }

    @Nullable AddressSelector selector() {
        return selector;
    }

    /** Forgets what it knew of an address that left. */
    void forget(String addr) {
        failed.remove(addr);
    }

    /**
     * Returns a connection to a selected address within what is left of the call's time.
     *
     * @param avoid an address to pass over as one that failed recently: that of a first attempt being sent again
     */
    Channel channel(AddressSelector selector, RemotingCommand request, Call call, @Nullable String avoid)
            throws InterruptedException, RemotingConnectException {
        Set<String> failedNow = null;
        int passes = 0;
        RemotingConnectException last = null;
        for (int i = 0; i < MAX_SELECTIONS; i++) {
            long remaining = call.remaining();
            if (remaining <= 0) {
                break;
            }
            String addr = select(selector, request, remaining);
            if (addr == null) {
                break;
            }
            if (failedNow != null && failedNow.contains(addr)) {
                continue;
            }
            if ((addr.equals(avoid) || avoided(addr)) && passes++ < MAX_PASSES) {
                continue;
            }
            try {
                Channel channel = table.connect(addr, remaining);
                if (!failed.isEmpty()) {
                    failed.remove(addr);
                }
                return channel;
            } catch (RemotingConnectException e) {
                failed.put(addr, System.nanoTime() + AVOID_NANOS);
                unreachable.log(log, Level.WARN, "{} unreachable, selecting another address: {}", addr,
                        e.getMessage());
                if (failedNow == null) {
                    failedNow = new HashSet<>();
                }
                failedNow.add(addr);
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        throw new RemotingConnectException(String.valueOf(selector), "no address selected", null);
    }

    /** What the selector picks; what it throws fails the call as a connect that could not be made. */
    private static @Nullable String select(AddressSelector selector, RemotingCommand request, long remaining)
            throws InterruptedException, RemotingConnectException {
        try {
            return selector.select(request, remaining);
        } catch (RuntimeException e) {
            throw new RemotingConnectException(String.valueOf(selector), "selecting an address failed: " + e, e);
        }
    }

    private boolean avoided(String addr) {
        if (failed.isEmpty()) {
            return false;
        }
        Long until = failed.get(addr);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until < 0) {
            return true;
        }
        failed.remove(addr, until);
        return false;
    }
}
