package dev.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.remoting.internal.transport.NettyDecoder;
import dev.remoting.internal.transport.NettyEncoder;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Load: a thousand client connections open at once to one server on loopback, every one of them making calls, all
 * answered correctly, with no error and no connection lost. A thousand {@link NettyRemotingClient}s would need
 * thousands of threads, so the clients are plain channels on one shared event loop group with this library's own
 * encoder and decoder, matching responses to requests by opaque.
 */
class ThousandConnectionsTest {

    private static final int WANTED_CONNECTIONS = 1_000;
    private static final int CALLS_PER_CONNECTION = 3;
    private static final int CONNECT_BATCH = 100;

    private final ServerClientFixture fixture = new ServerClientFixture();
    // The group both Netty lines have (deprecated in 4.2), as in the core: these tests run on 4.1 and 4.2.
    private final NioEventLoopGroup clientGroup = new NioEventLoopGroup(2, new DefaultThreadFactory("load-client"));
    private final List<Channel> channels = new ArrayList<>();

    @AfterEach
    void tearDown() {
        try {
            channels.forEach(Channel::close);
            fixture.close();
        } finally {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aThousandConcurrentConnectionsAreAllServed() throws Exception {
        int connections = connectionsThatFit();
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setServerSelectorThreads(2);
        NettyRemotingServer server = fixture.server(config, s -> {
        });

        Map<Integer, CompletableFuture<RemotingCommand>> pending = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger unmatched = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        NettyEncoder encoder = new NettyEncoder(SerializeType.ROCKETMQ, 16 * 1024 * 1024);
        Bootstrap bootstrap = new Bootstrap()
                .group(clientGroup)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(encoder, new NettyDecoder(config.getMaxFrameLength()),
                                new SimpleChannelInboundHandler<RemotingCommand>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand response) {
                                        CompletableFuture<RemotingCommand> call = pending.remove(response.getOpaque());
                                        if (call == null) {
                                            unmatched.incrementAndGet();
                                        } else {
                                            call.complete(response);
                                        }
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        errors.add(cause);
                                        ctx.close();
                                    }
                                });
                    }
                });

        // Connect in batches, so that the acceptor's backlog never overflows (dropped SYNs are retried only after
        // a second), but keep every connection open: at the end all of them are connected at the same time.
        for (int start = 0; start < connections; start += CONNECT_BATCH) {
            List<ChannelFuture> batch = new ArrayList<>();
            for (int i = start; i < Math.min(start + CONNECT_BATCH, connections); i++) {
                batch.add(bootstrap.connect("127.0.0.1", server.localListenPort()));
            }
            for (ChannelFuture connect : batch) {
                assertThat(connect.await(10, TimeUnit.SECONDS)).as("connected in time").isTrue();
                assertThat(connect.isSuccess()).as("connect failed: %s", connect.cause()).isTrue();
                channels.add(connect.channel());
                connect.channel().closeFuture().addListener(f -> closed.incrementAndGet());
            }
        }
        ServerClientFixture.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.getConnectionCount() == connections);

        // Every connection sends its calls at once, without waiting for the answers: 3,000 requests in flight.
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < CALLS_PER_CONNECTION; round++) {
            for (int c = 0; c < channels.size(); c++) {
                String text = "connection " + c + " call " + round;
                RemotingCommand request = ServerClientFixture.echoRequest(text);
                CompletableFuture<RemotingCommand> call = new CompletableFuture<>();
                pending.put(request.getOpaque(), call);
                calls.add(call);
                expected.add(text);
                channels.get(c).writeAndFlush(request).addListener(f -> {
                    if (!f.isSuccess()) {
                        call.completeExceptionally(f.cause());
                    }
                });
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        for (int i = 0; i < calls.size(); i++) {
            RemotingCommand response = calls.get(i).join();
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(expected.get(i));
        }
        assertThat(errors).isEmpty();
        assertThat(unmatched).hasValue(0);
        assertThat(closed).as("connections lost during the test").hasValue(0);
        assertThat(pending).isEmpty();
        assertThat(server.getConnectionCount()).isEqualTo(connections);

        channels.forEach(Channel::close);
        ServerClientFixture.await().atMost(Duration.ofSeconds(10)).until(() -> server.getConnectionCount() == 0);
    }

    /**
     * A thousand connections, unless the file descriptor limit cannot hold both ends of each (plus room for the
     * rest of the JVM): then as many as fit, with a note in the output. {@code ulimit -n} of 4096 or more is plenty.
     */
    private static int connectionsThatFit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - 256;
            if (free < 2L * WANTED_CONNECTIONS) {
                int fit = (int) Math.max(free / 2, 100);
                System.err.printf("ThousandConnectionsTest: the file descriptor limit of %d allows %d connections, "
                        + "not %d%n", unix.getMaxFileDescriptorCount(), fit, WANTED_CONNECTIONS);
                return fit;
            }
        }
        return WANTED_CONNECTIONS;
    }
}
