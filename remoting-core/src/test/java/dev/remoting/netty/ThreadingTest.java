package dev.remoting.netty;

import dev.remoting.InvokeCallback;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;


/** Which threads run processors and the codec on the server. */
class ThreadingTest {

    private static final int RECORD = 7;

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final AtomicReference<String> processorThread = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private NettyRequestProcessor recordingProcessor() {
        return (ctx, request) -> {
            processorThread.set(Thread.currentThread().getName());
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8));
            return response;
        };
    }

    private String callRecorder(NettyRemotingServer server) throws Exception {
        RemotingCommand response = fixture.client().invokeSync(addr(server),
                ServerClientFixture.request(RECORD, null), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        String name = processorThread.get();
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(name);
        return name;
    }

    @Test
    void processorWithoutExecutorRunsOnThePublicExecutor() throws Exception {
        NettyRemotingServer server = fixture.server(ServerClientFixture.serverConfig(),
                s -> s.registerProcessor(RECORD, recordingProcessor(), null));

        assertThat(callRecorder(server)).contains("NettyServerPublicExecutor");
    }

    @Test
    void processorWithItsOwnExecutorRunsThere() throws Exception {
        ServerClientFixture.CallerRunsExecutor inline = new ServerClientFixture.CallerRunsExecutor();
        NettyRemotingServer server = fixture.server(ServerClientFixture.serverConfig(),
                s -> s.registerProcessor(RECORD, recordingProcessor(), inline));

        // Inline, the processor runs on the thread that dispatched the request: the I/O thread by default.
        assertThat(callRecorder(server)).contains("NettyServerEPOLLSelector").doesNotContain("PublicExecutor");
    }

    @Test
    void commandsAreEncodedOnTheIoThreadsByDefault() throws Exception {
        assertThat(encodingThreads(false)).containsExactly("NettyClientSelector", "NettyServerEPOLLSelector");
    }

    @Test
    void commandsAreEncodedOnTheCodecGroupsWhenTheyAreOn() throws Exception {
        assertThat(encodingThreads(true)).containsExactly("NettyClientWorkerThread", "NettyServerCodecThread");
    }

    /** Which threads encoded a request and its response (thread name prefixes). */
    private List<String> encodingThreads(boolean workerGroups) throws Exception {
        NettyServerConfig serverConfig = ServerClientFixture.serverConfig();
        serverConfig.setServerNettyWorkerGroupEnable(workerGroups);
        NettyClientConfig clientConfig = ServerClientFixture.clientConfig();
        clientConfig.setDisableNettyWorkerGroup(!workerGroups);
        AtomicReference<String> responseEncoder = new AtomicReference<>();
        NettyRemotingServer server = fixture.server(serverConfig,
                s -> s.registerProcessor(RECORD, (ctx, request) -> {
                    RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                            null);
                    response.writeCustomHeader(new FlowControlTest.ValueHeader(threadRecorder(responseEncoder)));
                    return response;
                }, null));
        AtomicReference<String> requestEncoder = new AtomicReference<>();
        RemotingCommand request = RemotingCommand.createRequestCommand(RECORD,
                new FlowControlTest.ValueHeader(threadRecorder(requestEncoder)));

        RemotingCommand response = fixture.client(clientConfig).invokeSync(addr(server), request, 3000);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        return List.of(requestEncoder.get(), responseEncoder.get()).stream()
                .map(name -> name.replaceAll("-[0-9-]+$", ""))
                .toList();
    }

    /** A header value that remembers which thread encoded it (encoding calls its {@code toString}). */
    private static Object threadRecorder(AtomicReference<String> thread) {
        return new Object() {
            @Override
            public String toString() {
                thread.set(Thread.currentThread().getName());
                return "recorded";
            }
        };
    }

    @Test
    void neitherSideHasACodecThreadGroupByDefault() {
        // A deliberate difference from RocketMQ, whose defaults turn both groups on: see NettyServerConfig.
        assertThat(new NettyServerConfig().isServerNettyWorkerGroupEnable()).isFalse();
        assertThat(new NettyClientConfig().isDisableNettyWorkerGroup()).isTrue();
    }

    @Test
    void codecRunsOnTheWorkerGroupWhenEnabled() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setServerNettyWorkerGroupEnable(true);
        NettyRemotingServer server = fixture.server(config,
                s -> s.registerProcessor(RECORD, recordingProcessor(), new ServerClientFixture.CallerRunsExecutor()));

        assertThat(callRecorder(server)).contains("NettyServerCodecThread");
    }

    @Test
    void codecRunsOnTheSelectorThreadsWhenTheWorkerGroupIsDisabled() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setServerNettyWorkerGroupEnable(false);
        NettyRemotingServer server = fixture.server(config,
                s -> s.registerProcessor(RECORD, recordingProcessor(), new ServerClientFixture.CallerRunsExecutor()));

        assertThat(callRecorder(server)).contains("NettyServerEPOLLSelector").doesNotContain("CodecThread");
    }

    @Test
    void serverToClientRequestRunsOnTheClientsPublicExecutor() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyRemotingClient client = fixture.client();
        client.registerProcessor(RECORD, recordingProcessor(), null);
        assertThat(client.invokeSync(addr(server), echoRequest("connect"), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        Channel toClient = server.getChannels().iterator().next();

        RemotingCommand response = server.invokeSync(toClient, ServerClientFixture.request(RECORD, null), 3000);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(processorThread.get()).contains("NettyClientPublicExecutor");
    }

    @Test
    void asyncCallbacksRunOnTheClientsPublicExecutor() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyRemotingClient client = fixture.client();

        assertThat(callbackThread(client, addr(server))).contains("NettyClientPublicExecutor");
    }

    @Test
    void asyncCallbacksRunOnTheGivenCallbackExecutor() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyRemotingClient client = fixture.client();
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-callback-thread"));
        fixture.closeLater(callbacks::shutdownNow);
        client.setCallbackExecutor(callbacks);

        assertThat(callbackThread(client, addr(server))).isEqualTo("test-callback-thread");
    }

    @ParameterizedTest(name = "client worker group: {0}")
    @CsvSource({"false, NettyClientSelector", "true, NettyClientWorkerThread"})
    void asyncCallbacksRunOnTheNettyThreadWhenTheCallbackExecutorIsDisabled(boolean workerGroup, String thread)
            throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setDisableCallbackExecutor(true);
        config.setDisableNettyWorkerGroup(!workerGroup);
        NettyRemotingClient client = fixture.client(config);

        assertThat(callbackThread(client, addr(server))).contains(thread);
    }

    private static String callbackThread(NettyRemotingClient client, String addr) throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        client.invokeAsync(addr, echoRequest("async"), 3000, new InvokeCallback() {
            @Override
            public void operationComplete(ResponseFuture responseFuture) {
            }

            @Override
            public void operationSucceed(RemotingCommand response) {
                thread.complete(Thread.currentThread().getName());
            }

            @Override
            public void operationFail(Throwable throwable) {
                thread.completeExceptionally(throwable);
            }
        });
        return thread.get(5, TimeUnit.SECONDS);
    }

    /**
     * A call made in a callback that runs on the client's event loop, to an address not connected yet: connecting
     * there would block the loop (Netty throws {@code BlockingOperationException}); instead the call connects
     * elsewhere and is sent once connected, for {@code invokeAsync}, {@code invoke} and {@code invokeOneway}.
     */
    @Test
    void callsMadeOnTheEventLoopToAnUnconnectedAddressConnectWithoutBlockingIt() throws Exception {
        NettyRemotingServer first = fixture.server();
        AtomicReference<RemotingCommand> oneway = new AtomicReference<>();
        int onewayCode = 8;
        NettyRemotingServer second = fixture.server(ServerClientFixture.serverConfig(),
                s -> s.registerProcessor(onewayCode, (ctx, request) -> {
                    oneway.set(request);
                    return null;
                }, null));
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setDisableCallbackExecutor(true);
        NettyRemotingClient client = fixture.client(config);
        String secondAddr = addr(second);
        CompletableFuture<String> loopThread = new CompletableFuture<>();
        CompletableFuture<RemotingCommand> viaInvoke = new CompletableFuture<>();
        CompletableFuture<RemotingCommand> viaCallback = new CompletableFuture<>();

        client.invokeAsync(addr(first), echoRequest("first"), 3000, new InvokeCallback() {
            @Override
            public void operationComplete(ResponseFuture responseFuture) {
            }

            @Override
            public void operationSucceed(RemotingCommand response) {
                try {
                    loopThread.complete(Thread.currentThread().getName());
                    client.invoke(secondAddr, echoRequest("second"), 3000).whenComplete((r, e) -> {
                        if (e != null) {
                            viaInvoke.completeExceptionally(e);
                        } else {
                            viaInvoke.complete(r);
                        }
                    });
                    client.invokeAsync(secondAddr, echoRequest("third"), 3000, new FutureCallback(viaCallback));
                    client.invokeOneway(secondAddr, ServerClientFixture.request(onewayCode, null), 3000);
                } catch (Throwable e) {
                    viaInvoke.completeExceptionally(e);
                    viaCallback.completeExceptionally(e);
                }
            }
        });

        assertThat(loopThread.get(5, TimeUnit.SECONDS)).contains("NettyClientSelector");
        assertThat(new String(viaInvoke.get(5, TimeUnit.SECONDS).getBody(), StandardCharsets.UTF_8))
                .isEqualTo("second");
        assertThat(new String(viaCallback.get(5, TimeUnit.SECONDS).getBody(), StandardCharsets.UTF_8))
                .isEqualTo("third");
        ServerClientFixture.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> oneway.get() != null);
        assertThat(client.getConnectionCount()).isEqualTo(2);
    }

    @Test
    void aCallMadeOnTheEventLoopWhoseConnectFailsFailsItsCallback() throws Exception {
        NettyRemotingClient client = fixture.client();
        String dead = ServerClientFixture.deadAddr();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<ResponseFuture> completed = new CompletableFuture<>();
        java.util.concurrent.Future<?> made = client.getEventExecutorGroups().get(0).next().submit(() -> {
            client.invokeAsync(dead, echoRequest("nowhere"), 3000, new InvokeCallback() {
                @Override
                public void operationComplete(ResponseFuture responseFuture) {
                    completed.complete(responseFuture);
                }

                @Override
                public void operationFail(Throwable throwable) {
                    failure.complete(throwable);
                }
            });
            return null;
        });

        made.get(5, TimeUnit.SECONDS);
        assertThat(failure.get(10, TimeUnit.SECONDS))
                .isInstanceOf(dev.remoting.exception.RemotingConnectException.class);
        ResponseFuture responseFuture = completed.get(10, TimeUnit.SECONDS);
        assertThat(responseFuture.isSendRequestOK()).isFalse();
        assertThat(responseFuture.getChannel()).as("it never had a connection").isNull();
        assertThat(responseFuture.getResponseCommand()).isNull();
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(client.getConfig().getClientAsyncSemaphoreValue());
    }

    @Test
    void epollIsTheDefaultTransportOnLinux() {
        assertThat(System.getProperty("os.name")).as("this suite runs on Linux").containsIgnoringCase("linux");
        assertThat(Epoll.isAvailable()).as("native epoll (cause: %s)", Epoll.unavailabilityCause()).isTrue();
        // A deliberate difference from RocketMQ (NIO server, NIO-only client): see NettyServerConfig.
        assertThat(new NettyServerConfig().isUseEpollNativeSelector()).isTrue();
        assertThat(new NettyClientConfig().isUseEpollNativeSelector()).isTrue();
    }

    @ParameterizedTest(name = "epoll: {0}")
    @CsvSource({"true, NettyServerEPOLLSelector, EpollSocketChannel",
        "false, NettyServerNIOSelector, NioSocketChannel"})
    void bothTransportsServeCalls(boolean epoll, String serverThread, String clientChannelType) throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setUseEpollNativeSelector(epoll);
        NettyRemotingServer server = fixture.server(config,
                s -> s.registerProcessor(RECORD, recordingProcessor(), new ServerClientFixture.CallerRunsExecutor()));
        NettyClientConfig clientConfig = ServerClientFixture.clientConfig();
        clientConfig.setUseEpollNativeSelector(epoll);
        NettyRemotingClient client = fixture.client(clientConfig);

        assertThat(client.invokeSync(addr(server), ServerClientFixture.request(RECORD, null), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(processorThread.get()).contains(serverThread);
        assertThat(client.getChannels().get(addr(server)).getClass().getSimpleName()).isEqualTo(clientChannelType);
        for (int i = 0; i < 20; i++) {
            RemotingCommand response = client.invokeSync(addr(server), echoRequest("call " + i), 3000);
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("call " + i);
        }
    }
}
