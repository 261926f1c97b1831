package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.ChannelEventListener;
import dev.remoting.RPCHook;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.handler.RequestCodeHandlerRegistrar;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Which beans the auto-configuration creates, when it backs off, and what it wires into them. The server is enabled
 * here, since most tests have no handler; {@link RemotingServerConditionTests} covers when there is one otherwise.
 */
class RemotingAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true", "remoting.server.port=0",
                    "remoting.server.bind-address=127.0.0.1");

    @Test
    void createsServerClientExecutorsAndRegistrarAndStartsThem() {
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(NettyRemotingServer.class)
                    .hasSingleBean(NettyRemotingClient.class)
                    .hasSingleBean(RemotingExecutors.class)
                    .hasSingleBean(RequestCodeHandlerRegistrar.class)
                    .hasBean("remotingServerLifecycle")
                    .hasBean("remotingClientLifecycle");
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            assertThat(server.localListenPort()).isPositive();
            assertThat(context.getEnvironment().getProperty("local.remoting.server.port", Integer.class))
                    .isEqualTo(server.localListenPort());
            RemotingCommand response = context.getBean(NettyRemotingClient.class).invokeSync(
                    "127.0.0.1:" + server.localListenPort(), RemotingCommand.createRequestCommand(4242, null), 3000);
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        });
    }

    @Test
    void stopsTheServerWhenTheContextCloses() {
        AtomicReference<NettyRemotingServer> server = new AtomicReference<>();
        this.runner.run(context -> {
            server.set(context.getBean(NettyRemotingServer.class));
            assertThat(server.get().localListenPort()).isPositive();
        });
        assertThat(server.get().localListenPort()).isEqualTo(-1);
    }

    @Test
    void backsOffFromAUserDefinedServerAndStillStartsIt() {
        this.runner.withUserConfiguration(UserServerConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(NettyRemotingServer.class).hasBean("userServer");
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            assertThat(server.getConfig().getServerCallbackExecutorThreads()).isEqualTo(7);
            assertThat(server.localListenPort()).isPositive();
            assertThat(context.getEnvironment().getProperty("local.remoting.server.port", Integer.class))
                    .isEqualTo(server.localListenPort());
        });
    }

    @Test
    void backsOffFromAUserDefinedClient() {
        this.runner.withUserConfiguration(UserClientConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(NettyRemotingClient.class).hasBean("userClient");
            assertThat(context.getBean(NettyRemotingClient.class).getConfig().getConnectTimeoutMillis())
                    .isEqualTo(1234);
        });
    }

    @Test
    void aServerTheApplicationDefinesUnderAnotherNameGetsTheHandlersAndAnswersOverLoopback() {
        this.runner.withUserConfiguration(UserServerConfiguration.class).withBean(OneOfEachSide.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("remotingServer");
            NettyRemotingServer server = context.getBean("userServer", NettyRemotingServer.class);
            RemotingCommand response = context.getBean(NettyRemotingClient.class).invokeSync(
                    "127.0.0.1:" + server.localListenPort(), RemotingCommand.createRequestCommand(50, null), 5000);
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        });
    }

    @Test
    void aClientTheApplicationDefinesUnderAnotherNameGetsTheClientHandlers() {
        this.runner.withUserConfiguration(UserClientConfiguration.class).withBean(OneOfEachSide.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("remotingClient");
            assertThat(context.getBean("userClient", NettyRemotingClient.class).getProcessorPair(51)).isNotNull();
        });
    }

    @Test
    void aServerHandlerWithTwoServersAndNoPrimaryFailsRatherThanPickOneByName() {
        this.runner.withUserConfiguration(UserServerConfiguration.class, ServerNamedAsTheDefault.class)
                .withBean(OneOfEachSide.class)
                .run(context -> assertThat(context).getFailure().isInstanceOf(NoUniqueBeanDefinitionException.class)
                        .hasMessageContaining("userServer").hasMessageContaining("remotingServer"));
    }

    @Test
    void backsOffFromUserDefinedExecutors() {
        this.runner.withUserConfiguration(UserExecutorsConfiguration.class)
                .withPropertyValues("remoting.executors.send.threads=1")
                .run(context -> {
                    assertThat(context).hasSingleBean(RemotingExecutors.class).hasBean("userExecutors");
                    assertThat(context.getBean(RemotingExecutors.class).all()).containsOnlyKeys("custom");
                });
    }

    @Test
    void serverCanBeDisabled() {
        this.runner.withPropertyValues("remoting.server.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(NettyRemotingServer.class)
                    .doesNotHaveBean("remotingServerLifecycle")
                    .hasSingleBean(NettyRemotingClient.class)
                    .hasBean("remotingClientLifecycle");
            assertThat(context.getEnvironment().containsProperty("local.remoting.server.port")).isFalse();
        });
    }

    @Test
    void clientCanBeDisabled() {
        this.runner.withPropertyValues("remoting.client.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(NettyRemotingClient.class)
                    .doesNotHaveBean("remotingClientLifecycle")
                    .hasSingleBean(NettyRemotingServer.class)
                    .hasBean("remotingServerLifecycle");
        });
    }

    @Test
    void serverCustomizersApplyInOrder() {
        this.runner.withUserConfiguration(ServerCustomizers.class).run(context -> {
            NettyServerConfig config = context.getBean(NettyRemotingServer.class).getConfig();
            // Order 1 sets 3, order 2 multiplies by 10: 30 only when they ran 1 then 2.
            assertThat(config.getServerCallbackExecutorThreads()).isEqualTo(30);
        });
    }

    @Test
    void clientCustomizersApplyInOrder() {
        this.runner.withUserConfiguration(ClientCustomizers.class).run(context -> {
            NettyClientConfig config = context.getBean(NettyRemotingClient.class).getConfig();
            assertThat(config.getClientCallbackExecutorThreads()).isEqualTo(50);
        });
    }

    @Test
    void customizersRunAfterThePropertiesAreApplied() {
        this.runner.withUserConfiguration(ServerCustomizers.class)
                .withPropertyValues("remoting.server.callback-threads=9")
                .run(context -> assertThat(context.getBean(NettyRemotingServer.class).getConfig()
                        .getServerCallbackExecutorThreads()).isEqualTo(30));
    }

    @Test
    void rpcHookBeansAreRegisteredWithServerAndClientInOrder() {
        this.runner.withUserConfiguration(Hooks.class).run(context -> {
            RPCHook first = context.getBean("firstHook", RPCHook.class);
            RPCHook second = context.getBean("secondHook", RPCHook.class);
            assertThat(context.getBean(NettyRemotingServer.class).getRPCHooks()).containsExactly(first, second);
            assertThat(context.getBean(NettyRemotingClient.class).getRPCHooks()).containsExactly(first, second);
        });
    }

    @Test
    void channelEventListenerBeansHearServerConnections() {
        this.runner.withUserConfiguration(Listeners.class).withPropertyValues("remoting.client.enabled=false")
                .run(context -> {
                    int port = context.getBean(NettyRemotingServer.class).localListenPort();
                    NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
                    client.start();
                    try {
                        client.invokeSync("127.0.0.1:" + port, RemotingCommand.createRequestCommand(4242, null),
                                3000);
                        Listeners listeners = context.getBean(Listeners.class);
                        assertThat(listeners.first.get(5, TimeUnit.SECONDS)).startsWith("127.0.0.1:");
                        assertThat(listeners.second.get(5, TimeUnit.SECONDS)).startsWith("127.0.0.1:");
                    } finally {
                        client.shutdown();
                    }
                });
    }

    @Test
    void serverPropertiesAreMapped() {
        this.runner.withPropertyValues("remoting.server.async-permits=7", "remoting.server.oneway-permits=9",
                "remoting.server.idle-time=45s", "remoting.server.max-frame-length=2MB",
                "remoting.server.serialize-type=rocketmq", "remoting.server.selector-threads=2",
                "remoting.server.worker-threads=3", "remoting.server.callback-threads=5",
                "remoting.server.use-worker-group=true", "remoting.server.pooled-allocator=false",
                "remoting.server.use-epoll=false",
                "remoting.server.shutdown-grace-period=1500ms", "remoting.server.event-queue-capacity=12",
                "remoting.server.socket.backlog=77", "remoting.server.socket.send-buffer-size=64KB",
                "remoting.server.socket.receive-buffer-size=32KB",
                "remoting.server.socket.write-buffer-low-water-mark=16KB",
                "remoting.server.socket.write-buffer-high-water-mark=48KB").run(context -> {
                    NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
                    assertThat(server.getAvailableAsyncPermits()).isEqualTo(7);
                    assertThat(server.getAvailableOnewayPermits()).isEqualTo(9);
                    NettyServerConfig config = server.getConfig();
                    assertThat(config.getListenPort()).isZero();
                    assertThat(config.getBindAddress()).isEqualTo("127.0.0.1");
                    assertThat(config.getServerChannelMaxIdleTimeSeconds()).isEqualTo(45);
                    assertThat(config.getMaxFrameLength()).isEqualTo(2 * 1024 * 1024);
                    assertThat(config.getSerializeType()).hasToString("ROCKETMQ");
                    assertThat(config.getServerSelectorThreads()).isEqualTo(2);
                    assertThat(config.getServerWorkerThreads()).isEqualTo(3);
                    assertThat(config.getServerCallbackExecutorThreads()).isEqualTo(5);
                    assertThat(config.isServerNettyWorkerGroupEnable()).isTrue();
                    assertThat(config.isUseEpollNativeSelector()).isFalse();
                    assertThat(config.isServerPooledByteBufAllocatorEnable()).isFalse();
                    assertThat(config.isEnableShutdownGracefully()).isTrue();
                    assertThat(config.getShutdownWaitTimeSeconds()).isEqualTo(2);
                    assertThat(config.getEventQueueCapacity()).isEqualTo(12);
                    assertThat(config.getServerSocketBacklog()).isEqualTo(77);
                    assertThat(config.getServerSocketSndBufSize()).isEqualTo(64 * 1024);
                    assertThat(config.getServerSocketRcvBufSize()).isEqualTo(32 * 1024);
                    assertThat(config.getWriteBufferLowWaterMark()).isEqualTo(16 * 1024);
                    assertThat(config.getWriteBufferHighWaterMark()).isEqualTo(48 * 1024);
                });
    }

    @Test
    void serverDefaultsMatchTheDocumentedOnes() {
        this.runner.run(context -> {
            NettyServerConfig config = context.getBean(NettyRemotingServer.class).getConfig();
            assertThat(config.getServerChannelMaxIdleTimeSeconds()).isEqualTo(120);
            assertThat(config.getMaxFrameLength()).isEqualTo(16 * 1024 * 1024);
            assertThat(config.getSerializeType()).hasToString("JSON");
            assertThat(config.isEnableShutdownGracefully()).isTrue();
            assertThat(config.getShutdownWaitTimeSeconds()).isEqualTo(30);
            assertThat(config.isServerNettyWorkerGroupEnable()).isFalse();
            assertThat(config.isUseEpollNativeSelector()).isTrue();
            assertThat(context.getBean(NettyRemotingServer.class).getAvailableAsyncPermits()).isEqualTo(64);
            NettyClientConfig clientConfig = context.getBean(NettyRemotingClient.class).getConfig();
            assertThat(clientConfig.isDisableNettyWorkerGroup()).isTrue();
            assertThat(clientConfig.isUseEpollNativeSelector()).isTrue();
        });
    }

    @Test
    void zeroGracePeriodTurnsGracefulShutdownOff() {
        this.runner.withPropertyValues("remoting.server.shutdown-grace-period=0s").run(context -> assertThat(
                context.getBean(NettyRemotingServer.class).getConfig().isEnableShutdownGracefully()).isFalse());
    }

    @Test
    void clientPropertiesAreMapped() {
        this.runner.withPropertyValues("remoting.client.name-servers=127.0.0.1:9876,127.0.0.2:9877",
                "remoting.client.connect-timeout=250ms", "remoting.client.idle-time=0s",
                "remoting.client.serialize-type=rocketmq", "remoting.client.async-permits=11",
                "remoting.client.oneway-permits=13", "remoting.client.worker-threads=2",
                "remoting.client.use-worker-group=true", "remoting.client.use-epoll=false",
                "remoting.client.callback-threads=3", "remoting.client.close-socket-if-timeout=true",
                "remoting.client.max-frame-length=1MB", "remoting.client.event-queue-capacity=5",
                "remoting.client.socket.receive-buffer-size=8KB").run(context -> {
                    NettyRemotingClient client = context.getBean(NettyRemotingClient.class);
                    assertThat(client.getNameServerAddressList())
                            .containsExactlyInAnyOrder("127.0.0.1:9876", "127.0.0.2:9877");
                    assertThat(client.getAvailableAsyncPermits()).isEqualTo(11);
                    assertThat(client.getAvailableOnewayPermits()).isEqualTo(13);
                    NettyClientConfig config = client.getConfig();
                    assertThat(config.getConnectTimeoutMillis()).isEqualTo(250);
                    assertThat(config.getClientChannelMaxIdleTimeSeconds()).isZero();
                    assertThat(config.getSerializeType()).hasToString("ROCKETMQ");
                    assertThat(config.getClientWorkerThreads()).isEqualTo(2);
                    assertThat(config.isDisableNettyWorkerGroup()).isFalse();
                    assertThat(config.isUseEpollNativeSelector()).isFalse();
                    assertThat(config.getClientCallbackExecutorThreads()).isEqualTo(3);
                    assertThat(config.isClientCloseSocketIfTimeout()).isTrue();
                    assertThat(config.getMaxFrameLength()).isEqualTo(1024 * 1024);
                    assertThat(config.getEventQueueCapacity()).isEqualTo(5);
                    assertThat(config.getClientSocketRcvBufSize()).isEqualTo(8 * 1024);
                });
    }

    @Test
    void executorPropertiesAreMapped() {
        this.runner.withPropertyValues("remoting.executors.send.threads=3", "remoting.executors.send.queue-capacity=5",
                "remoting.executors.pull.threads=2", "remoting.executors.pull.thread-name-prefix=puller-")
                .run(context -> {
                    Map<String, ThreadPoolExecutor> executors = context
                            .getBean(RemotingExecutors.class).all();
                    assertThat(executors).containsOnlyKeys("send", "pull");
                    assertThat(executors.get("send").getCorePoolSize()).isEqualTo(3);
                    assertThat(executors.get("send").getMaximumPoolSize()).isEqualTo(3);
                    assertThat(executors.get("send").getQueue().remainingCapacity()).isEqualTo(5);
                    assertThat(executors.get("pull").getCorePoolSize()).isEqualTo(2);
                    assertThat(threadName(executors.get("send"))).startsWith("send-");
                    assertThat(threadName(executors.get("pull"))).startsWith("puller-");
                });
    }

    @Test
    void executorsShutDownWithTheContext() {
        AtomicReference<ThreadPoolExecutor> send = new AtomicReference<>();
        this.runner.withPropertyValues("remoting.executors.send.threads=1")
                .run(context -> send.set(context.getBean(RemotingExecutors.class).all().get("send")));
        assertThat(send.get().isShutdown()).isTrue();
    }

    private static String threadName(ThreadPoolExecutor executor) {
        return executor.getThreadFactory().newThread(() -> { }).getName();
    }

    private static NettyServerConfig loopbackOnAnyPort() {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        return config;
    }

    @Configuration(proxyBeanMethods = false)
    static class UserServerConfiguration {

        @Bean
        NettyRemotingServer userServer() {
            NettyServerConfig config = loopbackOnAnyPort();
            config.setServerCallbackExecutorThreads(7);
            return new NettyRemotingServer(config);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserClientConfiguration {

        @Bean
        NettyRemotingClient userClient() {
            NettyClientConfig config = new NettyClientConfig();
            config.setConnectTimeoutMillis(1234);
            return new NettyRemotingClient(config);
        }
    }

    /** A second server with the auto-configured one's name, which start-up must not prefer for it. */
    @Configuration(proxyBeanMethods = false)
    static class ServerNamedAsTheDefault {

        @Bean
        NettyRemotingServer remotingServer() {
            return new NettyRemotingServer(loopbackOnAnyPort());
        }
    }

    static class OneOfEachSide {

        @RequestCodeHandler(code = 50)
        void onServer() {
        }

        @RequestCodeHandler(code = 51, side = RequestCodeHandler.Side.CLIENT)
        void onClient() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserExecutorsConfiguration {

        @Bean
        RemotingExecutors userExecutors() {
            ExecutorProperties custom = new ExecutorProperties();
            custom.setThreads(1);
            return new RemotingExecutors(Map.of("custom", custom));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ServerCustomizers {

        // Declared first but ordered second, so that declaration order would give a different result.
        @Bean
        @Order(2)
        RemotingServerCustomizer timesTen() {
            return config -> config.setServerCallbackExecutorThreads(config.getServerCallbackExecutorThreads() * 10);
        }

        @Bean
        @Order(1)
        RemotingServerCustomizer three() {
            return config -> config.setServerCallbackExecutorThreads(3);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ClientCustomizers {

        @Bean
        @Order(2)
        RemotingClientCustomizer timesTen() {
            return config -> config.setClientCallbackExecutorThreads(config.getClientCallbackExecutorThreads() * 10);
        }

        @Bean
        @Order(1)
        RemotingClientCustomizer five() {
            return config -> config.setClientCallbackExecutorThreads(5);
        }
    }

    record NamedHook(String name) implements RPCHook {

        @Override
        public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
        }

        @Override
        public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Hooks {

        @Bean
        @Order(2)
        RPCHook secondHook() {
            return new NamedHook("second");
        }

        @Bean
        @Order(1)
        RPCHook firstHook() {
            return new NamedHook("first");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners {

        final CompletableFuture<String> first = new CompletableFuture<>();
        final CompletableFuture<String> second = new CompletableFuture<>();

        @Bean
        ChannelEventListener firstListener() {
            return new ConnectListener(this.first);
        }

        @Bean
        ChannelEventListener secondListener() {
            return new ConnectListener(this.second);
        }
    }

    record ConnectListener(CompletableFuture<String> connected) implements ChannelEventListener {

        @Override
        public void onChannelConnect(String remoteAddr, Channel channel) {
            this.connected.complete(remoteAddr);
        }

        @Override
        public void onChannelClose(String remoteAddr, Channel channel) {
        }

        @Override
        public void onChannelException(String remoteAddr, Channel channel) {
        }

        @Override
        public void onChannelIdle(String remoteAddr, Channel channel) {
        }
    }
}
