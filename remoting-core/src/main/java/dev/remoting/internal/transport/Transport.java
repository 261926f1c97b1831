package dev.remoting.internal.transport;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Threads and sockets, for both sides: the event-loop groups, the optional codec group, the bootstraps with their
 * socket options (over TCP, or in-process over Netty's local transport), and shutting the groups down.
 */
public final class Transport {

    private static final long SHUTDOWN_QUIET_MILLIS = 50;

    private Transport() {
    }

    /** Whether to use the native epoll transport: wanted, and available on this machine. */
    public static boolean epoll(boolean wanted) {
        return wanted && Epoll.isAvailable();
    }

    /**
     * An event-loop group of {@code threads} threads named {@code name}. Deprecated in Netty 4.2, whose
     * MultiThreadIoEventLoopGroup with NioIoHandler/EpollIoHandler.newFactory() does not exist in 4.1: these groups
     * are the ones that run on both lines (on 4.2 they are built on the new I/O handlers anyway).
     */
    public static EventLoopGroup ioGroup(boolean epoll, int threads, String name) {
        return epoll ? new EpollEventLoopGroup(threads, new DefaultThreadFactory(name))
                : new NioEventLoopGroup(threads, new DefaultThreadFactory(name));
    }

    /**
     * An event-loop group for in-process channels. Netty 4.2 wants LocalChannel on a loop with a LocalIoHandler, a
     * class 4.1 lacks, or on a DefaultEventLoop, the loop 4.1 documents for it; so DefaultEventLoopGroup, deprecated
     * in 4.2 for that handler, is the group that runs it on both lines. Its threads start on first use, so a group
     * that never serves a channel costs nothing.
     */
    public static EventLoopGroup localGroup(int threads, String name) {
        return new DefaultEventLoopGroup(threads, new DefaultThreadFactory(name));
    }

    /**
     * The group the codec and handlers run on, or null (they then run on the I/O threads). Handlers go on it through
     * ChannelPipeline.addLast(EventExecutorGroup, ...), deprecated in 4.2 with no successor on either line (Netty's
     * next major version removes it).
     */
    public static @Nullable EventExecutorGroup workerGroup(boolean enabled, int threads, String name) {
        return enabled ? new DefaultEventExecutorGroup(Math.max(1, threads), new DefaultThreadFactory(name)) : null;
    }

    /** A client bootstrap: one connection per {@code connect}, each set up by {@code initializer}. */
    public static Bootstrap client(EventLoopGroup group, boolean epoll, int connectTimeoutMillis,
            SocketOptions options, ChannelHandler initializer) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(initializer);
        options.asMap().forEach((option, value) -> set(bootstrap, option, value));
        return bootstrap;
    }

    /**
     * A client bootstrap for in-process connections (on a {@link #localGroup}): no socket, so only the options that
     * are not the socket's (water marks, allocator) apply.
     */
    public static Bootstrap localClient(EventLoopGroup group, int connectTimeoutMillis, SocketOptions options,
            ChannelHandler initializer) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(initializer);
        options.channelOptions().forEach((option, value) -> set(bootstrap, option, value));
        return bootstrap;
    }

    /**
     * A server bootstrap: {@code acceptor} sits in the listening channel's pipeline, {@code initializer} sets up each
     * accepted connection, with the socket options applied to every one.
     */
    public static ServerBootstrap server(EventLoopGroup boss, EventLoopGroup selectors, boolean epoll, int backlog,
            ChannelHandler acceptor, SocketOptions options, ChannelHandler initializer) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, selectors)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(acceptor)
                .childHandler(initializer);
        options.asMap().forEach((option, value) -> setChild(bootstrap, option, value));
        return bootstrap;
    }

    /**
     * A server bootstrap for in-process connections, both groups {@link #localGroup}s; like {@link #server} but with
     * no socket, so no backlog and only the options that are not the socket's.
     */
    public static ServerBootstrap localServer(EventLoopGroup boss, EventLoopGroup children, ChannelHandler acceptor,
            SocketOptions options, ChannelHandler initializer) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, children)
                .channel(LocalServerChannel.class)
                .handler(acceptor)
                .childHandler(initializer);
        options.channelOptions().forEach((option, value) -> setChild(bootstrap, option, value));
        return bootstrap;
    }

    @SuppressWarnings("unchecked")
    private static void set(AbstractBootstrap<?, ?> bootstrap, ChannelOption<?> option, Object value) {
        bootstrap.option((ChannelOption<Object>) option, value);
    }

    @SuppressWarnings("unchecked")
    private static void setChild(ServerBootstrap bootstrap, ChannelOption<?> option, Object value) {
        bootstrap.childOption((ChannelOption<Object>) option, value);
    }

    /**
     * Stops thread groups together, each once it has been quiet for a moment. A closed channel's pipeline is torn
     * down by its handlers' own executors, passing from the I/O thread to the codec group and back; a group that
     * stopped at the first empty queue would refuse the way back (and Netty would log the refusal).
     */
    public static void shutdownTogether(@Nullable EventExecutorGroup... groups) {
        List<Future<?>> terminations = new ArrayList<>();
        for (EventExecutorGroup group : groups) {
            if (group != null) {
                terminations.add(group.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, 2000, TimeUnit.MILLISECONDS));
            }
        }
        for (Future<?> termination : terminations) {
            termination.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Returns the groups that exist, for monitoring. */
    public static List<EventExecutorGroup> existing(@Nullable EventExecutorGroup... groups) {
        return Arrays.stream(groups).filter(Objects::nonNull).map(EventExecutorGroup.class::cast).toList();
    }

    /**
     * The options of a connection's socket, the same on both sides: no Nagle, no keep-alive, and the buffer sizes,
     * water marks and allocator when configured (0 or false: Netty's default).
     */
    public record SocketOptions(int sndBuf, int rcvBuf, int lowWaterMark, int highWaterMark, boolean pooled) {

        Map<ChannelOption<?>, Object> asMap() {
            Map<ChannelOption<?>, Object> options = new LinkedHashMap<>();
            options.put(ChannelOption.TCP_NODELAY, true);
            options.put(ChannelOption.SO_KEEPALIVE, false);
            if (sndBuf > 0) {
                options.put(ChannelOption.SO_SNDBUF, sndBuf);
            }
            if (rcvBuf > 0) {
                options.put(ChannelOption.SO_RCVBUF, rcvBuf);
            }
            options.putAll(channelOptions());
            return options;
        }

        /** The options that are not the socket's, which an in-process channel takes too. */
        Map<ChannelOption<?>, Object> channelOptions() {
            Map<ChannelOption<?>, Object> options = new LinkedHashMap<>();
            if (lowWaterMark > 0 && highWaterMark > 0) {
                options.put(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(lowWaterMark,
                        highWaterMark));
            }
            if (pooled) {
                options.put(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
            }
            return options;
        }
    }
}
