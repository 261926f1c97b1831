package dev.remoting.benchmark;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw-Netty floor: the thinnest request/response on the same transport. A frame is
 * {@code length(4) | opaque(4) | code(4) | body}; a response carries the request's opaque and status 0 in place of
 * the code. The server answers on the I/O thread; the client keeps pending calls in a map by opaque and completes
 * them on its I/O thread. Same thread counts as remoting-core's defaults: 1 acceptor + 3 I/O threads on the server,
 * 1 I/O thread on the client, and the same transport: native epoll where the platform has it, NIO otherwise.
 */
final class FloorBench {

    /** Whether the floor runs on native epoll, as remoting-core does by default. */
    static final boolean EPOLL = Epoll.isAvailable();

    static final int SERVER_IO_THREADS = 3;
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private static EventLoopGroup eventLoops(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name);
        return EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }
    private static final int STATUS_OK = 0;
    private static final int STATUS_UNKNOWN_CODE = 1;

    private FloorBench() {
    }

    static LengthFieldBasedFrameDecoder frameDecoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4);
    }

    static void writeFrame(Channel channel, int opaque, int code, byte[] body, int bodyLength) {
        ByteBuf out = channel.alloc().ioBuffer(12 + bodyLength);
        out.writeInt(8 + bodyLength).writeInt(opaque).writeInt(code);
        if (bodyLength > 0) {
            out.writeBytes(body, 0, bodyLength);
        }
        channel.writeAndFlush(out, channel.voidPromise());
    }

    /** A peer resetting the connection is expected when a run ends; anything else is a harness bug worth seeing. */
    private static void closeOnFailure(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            cause.printStackTrace();
        }
        ctx.close();
    }

    static final class Server implements BenchServer {
        private final ServerCounters counters;
        private EventLoopGroup boss;
        private EventLoopGroup workers;
        private Channel serverChannel;

        Server(ServerCounters counters) {
            this.counters = counters;
        }

        @Override
        public int start(String bindAddress) {
            boss = eventLoops(1, "FloorBoss");
            workers = eventLoops(SERVER_IO_THREADS, "FloorServerIO");
            EchoHandler handler = new EchoHandler(counters);
            serverChannel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(frameDecoder(), handler);
                        }
                    })
                    .bind(bindAddress, 0).syncUninterruptibly().channel();
            return ((InetSocketAddress) serverChannel.localAddress()).getPort();
        }

        @Override
        public void close() {
            if (serverChannel != null) {
                serverChannel.close().awaitUninterruptibly();
            }
            if (boss != null) {
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    @ChannelHandler.Sharable
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        private final ServerCounters counters;

        EchoHandler(ServerCounters counters) {
            this.counters = counters;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                int opaque = frame.readInt();
                int code = frame.readInt();
                switch (code) {
                    case Codes.ECHO -> {
                        int length = frame.readableBytes();
                        ByteBuf out = ctx.alloc().ioBuffer(12 + length);
                        out.writeInt(8 + length).writeInt(opaque).writeInt(STATUS_OK).writeBytes(frame);
                        ctx.writeAndFlush(out, ctx.voidPromise());
                    }
                    case Codes.ONEWAY -> counters.onewayReceived();
                    case Codes.COUNT, Codes.STATS -> {
                        byte[] body = counters.answer(code);
                        writeFrame(ctx.channel(), opaque, STATUS_OK, body, body.length);
                    }
                    default -> writeFrame(ctx.channel(), opaque, STATUS_UNKNOWN_CODE, Codes.EMPTY, 0);
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnFailure(ctx, cause);
        }
    }

    static final class Client implements BenchClient {
        private final EventLoopGroup group;
        private final Channel[] channels;
        /** Pending calls by opaque: a {@code CompletableFuture<byte[]>} for sync calls, the listener for async ones. */
        private final ConcurrentHashMap<Integer, Object> pending = new ConcurrentHashMap<>(1024);
        private final AtomicInteger nextOpaque = new AtomicInteger();

        Client(List<String> addrs) throws Exception {
            group = eventLoops(1, "FloorClientIO");
            ResponseHandler handler = new ResponseHandler();
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(frameDecoder(), handler);
                        }
                    });
            List<ChannelFuture> connecting = new ArrayList<>(addrs.size());
            try {
                for (String addr : addrs) {
                    int colon = addr.lastIndexOf(':');
                    connecting.add(bootstrap.connect(addr.substring(0, colon),
                            Integer.parseInt(addr.substring(colon + 1))));
                }
                channels = new Channel[addrs.size()];
                for (int i = 0; i < channels.length; i++) {
                    channels[i] = connecting.get(i).sync().channel();
                }
            } catch (Exception e) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                throw e;
            }
        }

        @Override
        public byte[] sync(int conn, int code, byte[] body) throws Exception {
            int opaque = nextOpaque.getAndIncrement();
            CompletableFuture<byte[]> future = new CompletableFuture<>();
            pending.put(opaque, future);
            writeFrame(channels[conn], opaque, code, body, body.length);
            try {
                return future.get(Codes.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.remove(opaque);
                throw e;
            }
        }

        @Override
        public void async(int conn, int code, byte[] body, Listener listener) {
            int opaque = nextOpaque.getAndIncrement();
            pending.put(opaque, listener);
            writeFrame(channels[conn], opaque, code, body, body.length);
        }

        @Override
        public void oneway(int conn, int code, byte[] body) {
            writeFrame(channels[conn], nextOpaque.getAndIncrement(), code, body, body.length);
        }

        @Override
        public void close() {
            for (Channel channel : channels) {
                channel.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            IllegalStateException closed = new IllegalStateException("client closed");
            pending.values().forEach(p -> complete(p, null, closed));
            pending.clear();
        }

        @SuppressWarnings("unchecked")
        private static void complete(Object pendingCall, byte[] body, Throwable error) {
            if (pendingCall instanceof CompletableFuture<?> future) {
                if (error == null) {
                    ((CompletableFuture<byte[]>) future).complete(body);
                } else {
                    future.completeExceptionally(error);
                }
            } else {
                ((Listener) pendingCall).done(body, error);
            }
        }

        @ChannelHandler.Sharable
        private final class ResponseHandler extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf frame = (ByteBuf) msg;
                try {
                    int opaque = frame.readInt();
                    int status = frame.readInt();
                    Object call = pending.remove(opaque);
                    if (call == null) {
                        return;
                    }
                    if (status != STATUS_OK) {
                        complete(call, null, new IllegalStateException("status " + status));
                        return;
                    }
                    byte[] body = new byte[frame.readableBytes()];
                    frame.readBytes(body);
                    complete(call, body, null);
                } finally {
                    frame.release();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                closeOnFailure(ctx, cause);
            }
        }
    }
}
