package dev.remoting.netty;

import static dev.remoting.netty.LoopbackFixture.body;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.InProcessAddress;
import dev.remoting.RemotingMetricsListener;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The in-process transport: a server bound under a name and clients that reach it at {@code local:<name>} go
 * through the same codec, dispatch, executors, hooks, metrics and GO_AWAY handling as over TCP, and open no port.
 */
class InProcessTransportTest {

    private static final int BLOCK = 2;
    private static final int CALL_BACK = 3;
    private static final int CLIENT_SIDE = 10;

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final ExecutorService processorExecutor = Executors.newFixedThreadPool(2, r -> new Thread(r,
            "in-process-test-processor"));
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final String name;

    InProcessTransportTest(TestInfo test) {
        this.name = "in-process-test." + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
        processorExecutor.shutdownNow();
        assertThat(processorExecutor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private NettyServerConfig inProcessConfig() {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setInProcessName(name);
        return config;
    }

    private NettyRemotingServer server(NettyServerConfig config) {
        return fixture.server(config, s -> s.registerProcessor(ServerClientFixture.ECHO, (ctx, request) -> {
            received.add(body(request));
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody((Thread.currentThread().getName() + "|" + body(request)).getBytes(
                    StandardCharsets.UTF_8));
            return response;
        }, processorExecutor));
    }

    @Test
    void syncAsyncOnewayAndFutureCallsReachAProcessorOnItsExecutorWithoutAPort() throws Exception {
        int port = freePort();
        NettyServerConfig config = inProcessConfig();
        config.setListenPort(port);
        NettyRemotingServer server = server(config);
        NettyRemotingClient client = fixture.client();
        String addr = InProcessAddress.of(name);

        assertThat(server.inProcessAddress()).isEqualTo(addr);
        assertThat(server.localListenPort()).isEqualTo(-1);
        assertThat(body(client.invokeSync(addr, echoRequest("sync"), 3000)))
                .isEqualTo("in-process-test-processor|sync");
        CompletableFuture<RemotingCommand> async = new CompletableFuture<>();
        client.invokeAsync(addr, echoRequest("async"), 3000, new FutureCallback(async));
        assertThat(body(async.get(3, TimeUnit.SECONDS))).isEqualTo("in-process-test-processor|async");
        assertThat(body(client.invoke(addr, echoRequest("future"), 3000).get(3, TimeUnit.SECONDS)))
                .isEqualTo("in-process-test-processor|future");
        client.invokeOneway(addr, echoRequest("oneway"), 3000);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("oneway"));

        assertThat(client.getConnectionCount()).isEqualTo(1);
        assertThat(client.getChannels()).containsOnlyKeys(addr);
        assertThat(client.getChannels().get(addr)).isInstanceOf(LocalChannel.class);
        assertThat(server.getConnectionCount()).isEqualTo(1);
        // The configured port was never bound: it is still free to take.
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }

    @Test
    void hooksAndMetricsListenersOnBothSidesSeeTheCallWithInProcessAddresses() throws Exception {
        List<String> serverHooks = new CopyOnWriteArrayList<>();
        List<String> clientHooks = new CopyOnWriteArrayList<>();
        List<String> serverMetrics = new CopyOnWriteArrayList<>();
        List<String> clientMetrics = new CopyOnWriteArrayList<>();
        NettyRemotingServer server = server(inProcessConfig());
        server.registerRPCHook(new RecordingHook(serverHooks));
        server.setMetricsListener(new RemotingMetricsListener() {
            @Override
            public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
                serverMetrics.add(requestCode + "/" + known + "/" + responseCode);
            }
        });
        NettyRemotingClient client = fixture.client();
        client.registerRPCHook(new RecordingHook(clientHooks));
        client.setMetricsListener(new RemotingMetricsListener() {
            @Override
            public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, int responseCode,
                    long durationNanos) {
                clientMetrics.add(requestCode + "/" + mode + "/" + outcome + "/" + responseCode);
            }
        });
        String addr = InProcessAddress.of(name);

        client.invokeSync(addr, echoRequest("hooked"), 3000);

        assertThat(clientHooks).containsExactly("before " + addr, "after " + addr);
        // Both listeners hear of a call once it is over, which may be after the caller has its response.
        await().atMost(Duration.ofSeconds(5)).until(() -> serverHooks.size() == 2 && serverMetrics.size() == 1
                && clientMetrics.size() == 1);
        assertThat(serverHooks).allSatisfy(entry -> assertThat(entry).contains(" " + InProcessAddress.SCHEME));
        assertThat(serverMetrics).containsExactly("1/true/0");
        assertThat(clientMetrics).containsExactly("1/SYNC/SUCCESS/0");
    }

    @Test
    void theServerCallsTheClientBackOverTheSameInProcessConnection() throws Exception {
        AtomicReference<Channel> clientChannel = new AtomicReference<>();
        NettyRemotingServer server = fixture.server(inProcessConfig(), s -> s.registerProcessor(CALL_BACK,
                (ctx, request) -> {
                    clientChannel.set(ctx.channel());
                    return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
                }, null));
        NettyRemotingClient client = fixture.client();
        client.registerProcessor(CLIENT_SIDE, (ctx, request) -> {
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(("client got " + body(request)).getBytes(StandardCharsets.UTF_8));
            return response;
        }, null);
        client.invokeSync(InProcessAddress.of(name), RemotingCommand.createRequestCommand(CALL_BACK, null), 3000);

        RemotingCommand request = RemotingCommand.createRequestCommand(CLIENT_SIDE, null);
        request.setBody("ping".getBytes(StandardCharsets.UTF_8));
        RemotingCommand response = server.invokeSync(clientChannel.get(), request, 3000);

        assertThat(body(response)).isEqualTo("client got ping");
        assertThat(List.copyOf(server.getChannels())).containsExactly(clientChannel.get());
    }

    @Test
    void aClientMixesTcpAndInProcessAddressesAndNameServers() throws Exception {
        server(inProcessConfig());
        NettyRemotingServer tcp = fixture.server();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        // TLS is for connections that leave the JVM; an in-process one is made without it.
        config.setUseTLS(true);
        NettyRemotingClient tlsClient = fixture.client(config);
        NettyRemotingClient client = fixture.client();
        client.updateNameServerAddressList(List.of(InProcessAddress.of(name)));

        assertThat(body(client.invokeSync(null, echoRequest("named"), 3000)))
                .isEqualTo("in-process-test-processor|named");
        assertThat(body(client.invokeSync(ServerClientFixture.addr(tcp), echoRequest("tcp"), 3000)))
                .isEqualTo("tcp");
        assertThat(body(tlsClient.invokeSync(InProcessAddress.of(name), echoRequest("no tls"), 3000)))
                .isEqualTo("in-process-test-processor|no tls");
        assertThat(client.getChosenNameServer()).isEqualTo(InProcessAddress.of(name));
        assertThat(client.getConnectedAddresses())
                .containsExactlyInAnyOrder(InProcessAddress.of(name), ServerClientFixture.addr(tcp));
    }

    @Test
    void aNameNobodyIsBoundUnderFailsToConnectAndANameIsBoundOnce() throws Exception {
        server(inProcessConfig());
        NettyRemotingClient client = fixture.client();

        assertThatThrownBy(() -> client.invokeSync(InProcessAddress.of(name + "-other"), echoRequest("x"), 3000))
                .isInstanceOf(RemotingConnectException.class);
        NettyRemotingServer second = new NettyRemotingServer(inProcessConfig());
        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot bind " + InProcessAddress.of(name));
        NettyServerConfig invalid = inProcessConfig();
        invalid.setInProcessName("no spaces");
        assertThatThrownBy(() -> new NettyRemotingServer(invalid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inProcessName");
    }

    @Test
    void gracefulShutdownAnswersNewRequestsGoAwayWhileTheInFlightOneFinishes() throws Exception {
        NettyServerConfig config = inProcessConfig();
        config.setEnableShutdownGracefully(true);
        config.setShutdownWaitTimeSeconds(5);
        CountDownLatch release = fixture.latch();
        CountDownLatch running = new CountDownLatch(1);
        NettyRemotingServer server = fixture.server(config, s -> s.registerProcessor(BLOCK, (ctx, request) -> {
            running.countDown();
            release.await(10, TimeUnit.SECONDS);
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }, null));
        NettyRemotingClient client = fixture.client();
        String addr = InProcessAddress.of(name);
        CompletableFuture<RemotingCommand> inFlight = client.invoke(addr,
                RemotingCommand.createRequestCommand(BLOCK, null), 10_000);
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.invokeSync(addr, echoRequest("new"), 1000)
                .getCode() == RemotingSysResponseCode.GO_AWAY);
        release.countDown();

        assertThat(inFlight.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        shutdown.get(10, TimeUnit.SECONDS);
        assertThat(server.inProcessAddress()).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnectionCount() == 0);
        assertThatThrownBy(() -> client.invokeSync(addr, echoRequest("gone"), 1000))
                .isInstanceOf(RemotingConnectException.class);
    }

    @Test
    void aMalformedFrameClosesOnlyThatInProcessConnection() throws Exception {
        NettyRemotingServer server = server(inProcessConfig());
        NettyRemotingClient client = fixture.client();
        String addr = InProcessAddress.of(name);
        client.invokeSync(addr, echoRequest("before"), 3000);
        Channel good = client.getChannels().get(addr);
        EventLoopGroup group = new DefaultEventLoopGroup(1);
        fixture.closeLater(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        Channel raw = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }
                })
                .connect(new LocalAddress(name)).syncUninterruptibly().channel();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 2);

        // A header length larger than the frame.
        raw.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 8, 0, 0, 0, 100, 0, 0, 0, 0}));

        assertThat(raw.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 1);
        assertThat(body(client.invokeSync(addr, echoRequest("after"), 3000)))
                .isEqualTo("in-process-test-processor|after");
        assertThat(client.getChannels().get(addr)).isSameAs(good);
    }

    @Test
    void theCodecOfTheClientsChoiceWorksInProcess() throws Exception {
        server(inProcessConfig());
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setSerializeType(SerializeType.ROCKETMQ);
        NettyRemotingClient client = fixture.client(config);

        assertThat(body(client.invokeSync(InProcessAddress.of(name), echoRequest("binary"), 3000)))
                .isEqualTo("in-process-test-processor|binary");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
