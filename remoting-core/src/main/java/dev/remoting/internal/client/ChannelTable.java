package dev.remoting.internal.client;

import dev.remoting.InProcessAddress;
import dev.remoting.RemotingHelper;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.internal.transport.LogThrottle;
import dev.remoting.internal.transport.PeerFailure;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.local.LocalAddress;
import io.netty.util.AttributeKey;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The client's connections, one per address, and the only owner of that map: made lazily within
 * {@code connectTimeoutMillis} and shared by concurrent callers while being made, retired when the server answers
 * GO_AWAY, forgotten when closed.
 *
 * <p>A retired connection is no longer handed to new calls, so they make a new one (shared by every call that arrives
 * while it is being made: one new connection per retirement), while calls already pending on it still get their
 * answers. The client closes it as soon as none is pending ({@code ResponseTable.closeWhenIdle}), rather than leave
 * it open until the server closes it; and at once when the client shuts down or its address is closed.
 *
 * <p>An {@linkplain InProcessAddress in-process address} ({@code local:<name>}) is connected by the in-process
 * bootstrap, every other one ({@code host:port}) by the TCP one; both kinds live in this one table.
 */
public final class ChannelTable {

    private static final Logger log = LoggerFactory.getLogger(ChannelTable.class);
    private static final AttributeKey<String> ADDRESS = AttributeKey.valueOf("remoting.client.address");
    private static final AttributeKey<Boolean> RETIRED = AttributeKey.valueOf("remoting.client.retired");

    private final ConcurrentHashMap<String, ChannelFuture> channels = new ConcurrentHashMap<>();
    private final Set<Channel> retired = ConcurrentHashMap.newKeySet();
    private final int connectTimeoutMillis;
    private final LogThrottle goingAway = new LogThrottle();
    private volatile @Nullable Bootstrap bootstrap;
    private volatile @Nullable Bootstrap inProcess;
    private volatile boolean closed;

    public ChannelTable(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** Starts making connections: TCP ones with {@code tcp}, in-process ones with {@code inProcess}. */
    public void start(Bootstrap tcp, Bootstrap inProcess) {
        this.inProcess = Objects.requireNonNull(inProcess, "inProcess");
        this.bootstrap = Objects.requireNonNull(tcp, "tcp");
    }

    /** Whether the table has been started and not yet closed. */
    boolean isRunning() {
        return bootstrap != null && !closed;
    }

    /** Returns the address a connection of this table was made to, as the caller gave it. */
    static String addressOf(Channel channel) {
        return channel.attr(ADDRESS).get();
    }

    /** Whether the channel was retired after a GO_AWAY (and may be closed by this client under a racing call). */
    static boolean isRetired(Channel channel) {
        return channel.hasAttr(RETIRED);
    }

    /** Returns the connection to the address, connecting (or joining a connect in progress) when there is none. */
    Channel connect(String addr, long timeoutMillis) throws InterruptedException, RemotingConnectException {
        ChannelFuture ready = channels.get(addr);
        if (ready != null && ready.isDone() && ready.channel().isActive()) {
            // The common case, once connected: no locking compute, no lambda.
            return ready.channel();
        }
        boolean local = InProcessAddress.isInProcess(addr);
        // Resolved here, on the caller's thread: left to the bootstrap, a slow DNS lookup would stall the client's
        // single I/O thread and with it every connection.
        SocketAddress target = local ? new LocalAddress(InProcessAddress.nameOf(addr)) : resolve(addr);
        Bootstrap connector = Objects.requireNonNull(local ? inProcess : bootstrap, "bootstrap");
        ChannelFuture future = channels.compute(addr, (key, existing) -> {
            if (existing != null && (!existing.isDone() || existing.channel().isActive())) {
                return existing;
            }
            ChannelFuture connecting = connector.connect(target);
            connecting.channel().attr(ADDRESS).set(key);
            return connecting;
        });
        if (!future.isDone() && ThreadExecutorMap.currentExecutor() != null) {
            // Waiting would block an event loop (Netty throws BlockingOperationException); callers that can defer
            // to another thread do so before getting here (ClientCalls), this is the rare race with a closing channel.
            throw new RemotingConnectException(addr, new IllegalStateException("not connected yet, and a Netty thread "
                    + "must not wait for the connect"));
        }
        long wait = Math.min(connectTimeoutMillis, Math.max(timeoutMillis, 1));
        if (!future.await(wait)) {
            String reason = "connect timed out after " + wait + "ms";
            throw new RemotingConnectException(addr, reason, new RemotingTimeoutException(reason));
        }
        if (!future.isSuccess() || !future.channel().isActive()) {
            channels.remove(addr, future);
            throw new RemotingConnectException(addr, PeerFailure.connectFailed(future.cause()), future.cause());
        }
        return future.channel();
    }

    private static InetSocketAddress resolve(String addr) throws RemotingConnectException {
        InetSocketAddress parsed = RemotingHelper.string2SocketAddress(addr);
        InetSocketAddress resolved = new InetSocketAddress(parsed.getHostString(), parsed.getPort());
        if (resolved.isUnresolved()) {
            throw new RemotingConnectException(addr, new UnknownHostException(parsed.getHostString()));
        }
        return resolved;
    }

    /** Returns the open connection to the address, or null. */
    @Nullable Channel active(String addr) {
        ChannelFuture existing = channels.get(addr);
        return existing != null && existing.isDone() && existing.channel().isActive() ? existing.channel() : null;
    }

    /** Whether a connect to the address is in progress. */
    boolean isConnecting(String addr) {
        ChannelFuture existing = channels.get(addr);
        return existing != null && !existing.isDone();
    }

    /**
     * Stops handing this channel to new calls; calls pending on it are left to finish. Returns whether it was newly
     * retired (and is still open), so that the caller closes it once they have.
     */
    boolean retire(Channel channel) {
        String addr = addressOf(channel);
        if (addr == null) {
            return false;
        }
        boolean[] removed = new boolean[1];
        channels.computeIfPresent(addr, (key, future) -> {
            if (future.channel() == channel) {
                removed[0] = true;
                return null;
            }
            return future;
        });
        if (removed[0]) {
            // Every GO_AWAY retires a connection, and a peer can answer GO_AWAY at will.
            goingAway.log(log, Level.INFO, "{} is going away: new calls to it use a new connection", addr);
        }
        if (!retired.add(channel)) {
            return false;
        }
        channel.attr(RETIRED).set(Boolean.TRUE);
        if (!channel.isOpen()) {
            retired.remove(channel);
            return false;
        }
        return true;
    }

    /**
     * Retires the connection to an address that left, as after a GO_AWAY, and returns it when it is still open, so
     * that the caller closes it once no call is pending on it; a connect still in progress is abandoned.
     */
    @Nullable Channel retire(String addr) {
        ChannelFuture future = channels.get(addr);
        if (future == null) {
            return null;
        }
        if (!future.isDone()) {
            channels.remove(addr, future);
            future.channel().close();
            return null;
        }
        return retire(future.channel()) ? future.channel() : null;
    }

    /** Forgets a channel that closed, its pending calls already failed. */
    public void channelClosed(Channel channel) {
        retired.remove(channel);
        String addr = addressOf(channel);
        if (addr != null) {
            channels.computeIfPresent(addr, (k, future) -> future.channel() == channel ? null : future);
        }
    }

    /** Closes the connections to the address, retired ones included; calls pending on them fail at once. */
    public void close(String addr) {
        ChannelFuture future = channels.remove(addr);
        if (future != null) {
            future.channel().close();
        }
        for (Channel channel : List.copyOf(retired)) {
            if (addr.equals(addressOf(channel))) {
                retired.remove(channel);
                channel.close();
            }
        }
    }

    /** Closes every connection and makes no more; the client is shutting down. */
    public void closeAll() {
        closed = true;
        for (ChannelFuture future : channels.values()) {
            future.channel().close().awaitUninterruptibly();
        }
        channels.clear();
        for (Channel channel : List.copyOf(retired)) {
            channel.close().awaitUninterruptibly();
        }
        retired.clear();
    }

    /** Whether a call to the address could be written now; true when there is no open connection to it. */
    public boolean isWritable(String addr) {
        ChannelFuture future = channels.get(addr);
        return future == null || !future.isDone() || !future.channel().isActive() || future.channel().isWritable();
    }

    public int connectionCount() {
        int count = 0;
        for (ChannelFuture future : channels.values()) {
            if (future.channel().isActive()) {
                count++;
            }
        }
        return count;
    }

    /** Returns the addresses with a connection or a connect in progress. */
    public List<String> addresses() {
        return List.copyOf(channels.keySet());
    }

    /** Returns the open connections by address. */
    public Map<String, Channel> openChannels() {
        Map<String, Channel> open = new LinkedHashMap<>();
        channels.forEach((addr, future) -> {
            if (future.isDone() && future.channel().isActive()) {
                open.put(addr, future.channel());
            }
        });
        return open;
    }
}
