package dev.remoting.internal.client;

import dev.remoting.exception.RemotingConnectException;
import dev.remoting.internal.call.Call;
import dev.remoting.internal.transport.LogThrottle;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Which name server serves a call made to "any name server" (a {@code null} address): the chosen one while its
 * connection is up; otherwise the others in turn, so one unreachable server costs at most one connect timeout rather
 * than failing every call.
 */
public final class NameServers {

    private static final Logger log = LoggerFactory.getLogger(NameServers.class);

    private final ChannelTable table;
    // Every call that needs a name server meets the one that is down, so one line per interval says it.
    private final LogThrottle unreachable = new LogThrottle();
    private final AtomicInteger index = new AtomicInteger(ThreadLocalRandom.current().nextInt(999));
    private volatile List<String> addresses = List.of();
    private volatile @Nullable String chosen;

    public NameServers(ChannelTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** Replaces the list (in a random order) unless it holds the same addresses; a dropped chosen one is closed. */
    public void update(List<String> addrs) {
        Objects.requireNonNull(addrs, "addrs");
        if (new HashSet<>(addrs).equals(new HashSet<>(addresses))) {
            return;
        }
        List<String> shuffled = new ArrayList<>(addrs);
        Collections.shuffle(shuffled);
        addresses = List.copyOf(shuffled);
        String current = chosen;
        if (current != null && !shuffled.contains(current)) {
            // A dropped address must not keep serving "any name server" calls.
            chosen = null;
            table.close(current);
        }
        log.info("name server address list updated to {}", addresses);
    }

    public List<String> addresses() {
        return addresses;
    }

    public @Nullable String chosen() {
        return chosen;
    }

    /** Whether a call to "any name server" would find its connection without connecting. */
    boolean ready() {
        String current = chosen;
        return current != null && table.active(current) != null;
    }

    /**
     * Moves "any name server" calls off the server a call to it just timed out on, as a closed connection would:
     * the next call takes the next server in turn. Its connection stays open for the calls still pending on it.
     * Returns whether the chosen server changed.
     */
    boolean timedOut(Channel channel) {
        String addr = ChannelTable.addressOf(channel);
        if (addr == null || !addr.equals(chosen)) {
            return false;
        }
        synchronized (this) {
            if (addr.equals(chosen)) {
                chosen = null;
                return true;
            }
        }
        return false;
    }

    /** Returns a connection to a name server within what is left of the call's time. */
    Channel channel(Call call) throws InterruptedException, RemotingConnectException {
        List<String> addrs = addresses;
        if (addrs.isEmpty()) {
            throw new RemotingConnectException("<no name server address configured>");
        }
        String current = chosen;
        if (current != null && addrs.contains(current)) {
            Channel existing = table.active(current);
            if (existing != null) {
                return existing;
            }
            if (table.isConnecting(current)) {
                // Another caller is connecting to the chosen server: wait for it rather than rotate away.
                try {
                    return table.connect(current, call.remaining());
                } catch (RemotingConnectException e) {
                    unreachable.log(log, Level.WARN, "name server {} unreachable, trying the next one: {}", current,
                            e.getMessage());
                }
            }
        }
        RemotingConnectException last = null;
        for (int i = 0; i < addrs.size(); i++) {
            long remaining = call.remaining();
            if (remaining <= 0) {
                break;
            }
            String addr = addrs.get(Math.floorMod(index.incrementAndGet(), addrs.size()));
            try {
                Channel channel = table.connect(addr, remaining);
                chosen = addr;
                return channel;
            } catch (RemotingConnectException e) {
                unreachable.log(log, Level.WARN, "name server {} unreachable, trying the next one: {}", addr,
                        e.getMessage());
                last = e;
            }
        }
        throw last != null ? last : new RemotingConnectException(String.valueOf(addrs));
    }
}
