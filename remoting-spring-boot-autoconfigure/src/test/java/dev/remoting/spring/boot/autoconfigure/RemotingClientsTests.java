package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.ChannelEventListener;
import dev.remoting.RPCHook;
import dev.remoting.RemotingClient;
import dev.remoting.RemotingInterceptor;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.annotation.RequestCodeHandler.Side;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code remoting.clients.<name>}: named clients built like the default one from their own properties, calling a
 * server over loopback, started and stopped with the context, answering the server's calls, and failing start-up
 * with the property's name when a value or a name cannot work.
 */
class RemotingClientsTests {

    static final int SERIALIZATION = 90;
    static final int FROM_SERVER = 91;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withUserConfiguration(Handlers.class)
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.server.shutdown-grace-period=0s",
                    "remoting.clients.audit.async-permits=7", "remoting.clients.audit.serialize-type=rocketmq",
                    "remoting.clients.billing.async-permits=9", "remoting.clients.billing.oneway-permits=3",
                    "remoting.clients.billing.connect-timeout=250ms",
                    "remoting.clients.billing.name-servers=127.0.0.1:9876");

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        /** Answers with the serialization the request's header came in, which the calling client chose. */
        @RequestCodeHandler(code = SERIALIZATION)
        RemotingCommand serialization(RemotingCommand request) {
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                    request.getSerializeTypeCurrentRPC().name());
        }

        @RequestCodeHandler(code = FROM_SERVER, side = Side.CLIENT)
        RemotingCommand fromServer(Channel channel) {
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                    "answered on " + channel.localAddress());
        }
    }

    @Test
    void everyClientKeepsItsConnectionWhenACallTimesOutUnlessToldOtherwise() {
        this.runner.withPropertyValues("remoting.clients.audit.close-socket-if-timeout=true").run(context -> {
            RemotingClients clients = context.getBean(RemotingClients.class);
            assertThat(new NettyClientConfig().isClientCloseSocketIfTimeout()).as("the core's default").isTrue();
            assertThat(context.getBean(NettyRemotingClient.class).getConfig().isClientCloseSocketIfTimeout())
                    .as("the starter's default").isFalse();
            assertThat(clients.get("billing").getConfig().isClientCloseSocketIfTimeout()).isFalse();
            assertThat(clients.get("audit").getConfig().isClientCloseSocketIfTimeout()).isTrue();
        });
    }

    @Test
    void aCustomizerCanTellTheClientsApart() {
        this.runner.withBean(RemotingClientCustomizer.class, () -> new RemotingClientCustomizer() {
            @Override
            public void customize(NettyClientConfig config) {
                throw new AssertionError("the name-aware variant is overridden");
            }

            @Override
            public void customize(String clientName, NettyClientConfig config) {
                if (clientName.equals("audit")) {
                    config.setClientCallbackExecutorThreads(11);
                }
            }
        }).run(context -> {
            assertThat(context).hasNotFailed();
            RemotingClients clients = context.getBean(RemotingClients.class);
            assertThat(clients.get("audit").getConfig().getClientCallbackExecutorThreads()).isEqualTo(11);
            int untouched = new NettyClientConfig().getClientCallbackExecutorThreads();
            assertThat(clients.get("billing").getConfig().getClientCallbackExecutorThreads()).isEqualTo(untouched);
            assertThat(context.getBean(NettyRemotingClient.class).getConfig().getClientCallbackExecutorThreads())
                    .isEqualTo(untouched);
        });
    }

    @Test
    void defaultAndNamedClientsCallTheServerEachWithItsOwnSettings() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RemotingClients.class)
                    .hasBean("remotingClientsLifecycle");
            // Named clients are no beans, so by-type injection of the default client keeps working.
            assertThat(context).hasSingleBean(NettyRemotingClient.class);
            NettyRemotingClient defaultClient = context.getBean(NettyRemotingClient.class);
            assertThat(context.getBean(RemotingClient.class)).isSameAs(defaultClient);
            RemotingClients clients = context.getBean(RemotingClients.class);
            assertThat(clients.asMap()).containsOnlyKeys("audit", "billing");
            assertThat(clients.asMap().keySet()).containsExactly("audit", "billing");
            NettyRemotingClient audit = clients.get("audit");
            NettyRemotingClient billing = clients.get("billing");
            assertThat(audit).isNotSameAs(billing).isNotSameAs(defaultClient);

            assertThat(audit.getAvailableAsyncPermits()).isEqualTo(7);
            assertThat(audit.getConfig().getSerializeType()).hasToString("ROCKETMQ");
            assertThat(billing.getAvailableAsyncPermits()).isEqualTo(9);
            assertThat(billing.getAvailableOnewayPermits()).isEqualTo(3);
            assertThat(billing.getConfig().getConnectTimeoutMillis()).isEqualTo(250);
            assertThat(billing.getNameServerAddressList()).containsExactly("127.0.0.1:9876");
            assertThat(defaultClient.getAvailableAsyncPermits()).isEqualTo(65535);
            assertThat(defaultClient.getNameServerAddressList()).isEmpty();
            // What a named client does not set takes the default of remoting.client.
            assertThat(audit.getAvailableOnewayPermits()).isEqualTo(defaultClient.getAvailableOnewayPermits());
            assertThat(audit.getConfig().getConnectTimeoutMillis())
                    .isEqualTo(defaultClient.getConfig().getConnectTimeoutMillis());
            assertThat(audit.getConfig().getClientChannelMaxIdleTimeSeconds())
                    .isEqualTo(defaultClient.getConfig().getClientChannelMaxIdleTimeSeconds());
            assertThat(audit.getConfig().getMaxFrameLength()).isEqualTo(defaultClient.getConfig().getMaxFrameLength());
            assertThat(billing.getConfig().getSerializeType()).isEqualTo(defaultClient.getConfig().getSerializeType());

            String addr = serverAddress(context);
            assertThat(call(defaultClient, addr).getRemark()).isEqualTo("JSON");
            assertThat(call(audit, addr).getRemark()).isEqualTo("ROCKETMQ");
            assertThat(call(billing, addr).getRemark()).isEqualTo("JSON");
            assertThat(context.getBean(NettyRemotingServer.class).getConnectionCount()).isEqualTo(3);
        });
    }

    @Test
    void unknownNameFailsNamingTheKnownOnes() {
        this.runner.run(context -> assertThatIllegalArgumentException()
                .isThrownBy(() -> context.getBean(RemotingClients.class).get("audti"))
                .withMessageContaining("'audti'").withMessageContaining("[audit, billing]"));
    }

    @Test
    void namedClientsStartAndStopWithTheContext() {
        AtomicReference<RemotingClients> clients = new AtomicReference<>();
        AtomicReference<String> addr = new AtomicReference<>();
        this.runner.run(context -> {
            clients.set(context.getBean(RemotingClients.class));
            addr.set(serverAddress(context));
            assertThat(context.getBean("remotingClientsLifecycle", RemotingServiceLifecycle.class))
                    .returns(true, RemotingServiceLifecycle::isRunning)
                    .returns(RemotingServiceLifecycle.CLIENT_PHASE, RemotingServiceLifecycle::getPhase);
            clients.get().asMap().values().forEach(client -> assertThat(call(client, addr.get()).getCode())
                    .isEqualTo(RemotingSysResponseCode.SUCCESS));
        });
        clients.get().asMap().forEach((name, client) -> {
            assertThat(client.getPublicExecutor().isShutdown()).as(name).isTrue();
            assertThat(client.getConnectionCount()).as(name).isZero();
            assertThatThrownBy(() -> client.invokeSync(addr.get(),
                    RemotingCommand.createRequestCommand(SERIALIZATION, null), 1000)).as(name)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        });
    }

    @Test
    void withoutNamedClientsTheBeanIsEmpty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
                .withPropertyValues("remoting.server.enabled=false").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RemotingClients.class);
                    assertThat(context.getBean(RemotingClients.class).asMap()).isEmpty();
                });
    }

    @Test
    void namedClientsWorkWithTheDefaultClientDisabled() {
        this.runner.withPropertyValues("remoting.client.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(NettyRemotingClient.class);
            NettyRemotingClient audit = context.getBean(RemotingClients.class).get("audit");
            assertThat(call(audit, serverAddress(context)).getRemark()).isEqualTo("ROCKETMQ");
            assertThat(audit.getProcessorPair(FROM_SERVER)).isNotNull();
        });
    }

    @Test
    void disabledNamedClientIsNeitherCreatedNorValidated() {
        this.runner.withPropertyValues("remoting.clients.audit.enabled=false", "remoting.clients.audit.async-permits=0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RemotingClients.class).asMap()).containsOnlyKeys("billing");
                });
    }

    @Test
    void clientSideHandlersAnswerTheServerOnEveryClient() {
        this.runner.run(context -> {
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            String addr = serverAddress(context);
            RemotingClients clients = context.getBean(RemotingClients.class);
            assertThat(context.getBean(NettyRemotingClient.class).getProcessorPair(FROM_SERVER)).isNotNull();
            for (NettyRemotingClient client : clients.asMap().values()) {
                call(client, addr);
                Channel clientChannel = client.getChannels().get(addr);
                Channel toClient = server.getChannels().stream()
                        .filter(channel -> channel.remoteAddress().equals(clientChannel.localAddress()))
                        .findFirst().orElseThrow();
                RemotingCommand response = server.invokeSync(toClient,
                        RemotingCommand.createRequestCommand(FROM_SERVER, null), 3000);
                assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
                assertThat(response.getRemark()).isEqualTo("answered on " + clientChannel.localAddress());
            }
        });
    }

    @Test
    void customizersHooksAndListenersApplyToNamedClients() throws Exception {
        // No server or default client in the context, so whatever the listeners hear comes from a named client.
        NettyServerConfig serverConfig = new NettyServerConfig();
        serverConfig.setBindAddress("127.0.0.1");
        serverConfig.setListenPort(0);
        NettyRemotingServer server = new NettyRemotingServer(serverConfig);
        server.start();
        try {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
                    .withUserConfiguration(RemotingAutoConfigurationTests.ClientCustomizers.class,
                            RemotingAutoConfigurationTests.Hooks.class, RemotingAutoConfigurationTests.Listeners.class)
                    .withPropertyValues("remoting.server.enabled=false", "remoting.client.enabled=false",
                            "remoting.clients.audit.async-permits=7")
                    .run(context -> {
                        NettyRemotingClient audit = context.getBean(RemotingClients.class).get("audit");
                        assertThat(audit.getConfig().getClientCallbackExecutorThreads()).isEqualTo(50);
                        assertThat(audit.getRPCHooks()).containsExactly(context.getBean("firstHook", RPCHook.class),
                                context.getBean("secondHook", RPCHook.class));
                        String addr = "127.0.0.1:" + server.localListenPort();
                        assertThat(audit.invokeSync(addr, RemotingCommand.createRequestCommand(4242, null), 3000)
                                .getCode()).isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
                        RemotingAutoConfigurationTests.Listeners listeners = context
                                .getBean(RemotingAutoConfigurationTests.Listeners.class);
                        assertThat(listeners.first.get(5, TimeUnit.SECONDS)).isEqualTo(addr);
                        assertThat(listeners.second.get(5, TimeUnit.SECONDS)).isEqualTo(addr);
                    });
        } finally {
            server.shutdown();
        }
    }

    @Test
    void eachNamedClientSignsWithItsOwnKeys() {
        this.runner.withPropertyValues("remoting.server.auth.enabled=true",
                "remoting.server.auth.access-keys.audit-app=audit-secret",
                "remoting.clients.audit.auth.access-key=audit-app",
                "remoting.clients.audit.auth.secret-key=audit-secret").run(context -> {
                    RemotingClients clients = context.getBean(RemotingClients.class);
                    String addr = serverAddress(context);
                    assertThat(call(clients.get("audit"), addr).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
                    assertThat(call(clients.get("billing"), addr).getCode())
                            .isEqualTo(RemotingSysResponseCode.NO_PERMISSION);
                    assertThat(call(context.getBean(NettyRemotingClient.class), addr).getCode())
                            .isEqualTo(RemotingSysResponseCode.NO_PERMISSION);
                });
    }

    @Test
    void tlsSettingsAreEachClientsOwn() {
        this.runner.withPropertyValues("remoting.client.ssl.enabled=true", "remoting.clients.secure.ssl.enabled=true",
                "remoting.clients.secure.ssl.verify-hostname=false").run(context -> {
                    RemotingClients clients = context.getBean(RemotingClients.class);
                    assertThat(context.getBean(NettyRemotingClient.class).getConfig().isUseTLS()).isTrue();
                    assertThat(clients.get("secure").getConfig().isUseTLS()).isTrue();
                    assertThat(clients.get("secure").getConfig().isVerifyHostname()).isFalse();
                    assertThat(clients.get("audit").getConfig().isUseTLS()).isFalse();
                    assertThat(clients.get("billing").getConfig().isUseTLS()).isFalse();
                });
    }

    @SuppressWarnings("checkstyle:linelength") // one case per line: property | the property the error names
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            remoting.clients.audit.async-permits=0                    | remoting.clients.audit.async-permits
            remoting.clients.billing.oneway-permits=0                 | remoting.clients.billing.oneway-permits
            remoting.clients.audit.connect-timeout=0s                 | remoting.clients.audit.connect-timeout
            remoting.clients.audit.default-timeout=0s                 | remoting.clients.audit.default-timeout
            remoting.clients.audit.max-frame-length=1B                | remoting.clients.audit.max-frame-length
            remoting.clients.audit.name-servers=nohostport            | remoting.clients.audit.name-servers
            remoting.clients.audit.serialize-type=xml                 | remoting.clients.audit.serialize-type
            remoting.clients.audit.service-id=orders                  | remoting.clients.audit.service-id
            remoting.clients.audit.service-id=                        | remoting.clients.audit.service-id
            remoting.clients.billing.service-id=orders;remoting.clients.billing.name-servers=127.0.0.1:9876 | remoting.clients.billing.service-id
            remoting.clients.audit.auth.access-key=app                | remoting.clients.audit.auth.secret-key
            remoting.clients.audit.ssl.enabled=true;remoting.clients.audit.ssl.bundle=missing | remoting.clients.audit.ssl.bundle
            remoting.clients.audit.socket.write-buffer-low-water-mark=64KB;remoting.clients.audit.socket.write-buffer-high-water-mark=32KB | remoting.clients.audit.socket.write-buffer-low-water-mark
            """)
    void invalidValueOfANamedClientFailsStartUpNamingItsProperty(String assignments, String property) {
        // The billing case fails after audit is built: the leak check of this class sees audit released.
        this.runner.withPropertyValues(assignments.split(";")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context)).contains(property);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"audit.eu", "audit eu", "default", "café", "Audit", "audit_eu"})
    void invalidNameFailsStartUpNamingTheProperty(String name) {
        this.runner.withPropertyValues("remoting.clients[" + name + "].async-permits=5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context)).contains("remoting.clients[" + name + "]")
                    .contains("lower-case letters, digits and '-'");
        });
    }

    @Test
    void emptyNameIsRejected() {
        NettyRemotingClient client = unstartedClient();
        try {
            assertThatIllegalArgumentException().isThrownBy(() -> new RemotingClients(Map.of("", client)))
                    .withMessageContaining("Invalid client name ''");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void backsOffFromUserDefinedClientsAndStillStartsAndStopsThem() {
        AtomicReference<NettyRemotingClient> own = new AtomicReference<>();
        this.runner.withUserConfiguration(UserClients.class).run(context -> {
            assertThat(context).hasSingleBean(RemotingClients.class).hasBean("userClients");
            RemotingClients clients = context.getBean(RemotingClients.class);
            assertThat(clients.asMap()).containsOnlyKeys("own");
            own.set(clients.get("own"));
            assertThat(call(own.get(), serverAddress(context)).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        });
        assertThat(own.get().getPublicExecutor().isShutdown()).isTrue();
    }

    @Test
    void aClientFactoryOfTheApplicationBuildsTheDefaultAndTheNamedClientsWhateverItsName() {
        this.runner.withUserConfiguration(OwnClientFactory.class).run(context -> {
            assertThat(context).hasSingleBean(RemotingClientFactory.class).hasBean("ownClientFactory");
            assertThat(context.getBean(NettyRemotingClient.class).getConfig().getConnectTimeoutMillis())
                    .isEqualTo(4321);
            assertThat(context.getBean(RemotingClients.class).get("audit").getConfig().getConnectTimeoutMillis())
                    .isEqualTo(4321);
        });
    }

    @Test
    void mapIsUnmodifiableAndKeepsDeclarationOrder() {
        Map<String, NettyRemotingClient> given = new LinkedHashMap<>();
        for (String name : List.of("zeta", "alpha", "mid-1", "9-lives")) {
            given.put(name, unstartedClient());
        }
        RemotingClients clients = new RemotingClients(given);
        try {
            assertThat(clients.asMap().keySet()).containsExactly("zeta", "alpha", "mid-1", "9-lives");
            assertThatThrownBy(() -> clients.asMap().remove("zeta")).isInstanceOf(UnsupportedOperationException.class);
        } finally {
            clients.destroy();
        }
    }

    private static NettyRemotingClient unstartedClient() {
        return new NettyRemotingClient(new NettyClientConfig());
    }

    private static String serverAddress(AssertableApplicationContext context) {
        return "127.0.0.1:" + context.getBean(NettyRemotingServer.class).localListenPort();
    }

    private static RemotingCommand call(NettyRemotingClient client, String addr) {
        try {
            return client.invokeSync(addr, RemotingCommand.createRequestCommand(SERIALIZATION, null), 3000);
        } catch (Exception ex) {
            throw new AssertionError("call to " + addr + " failed", ex);
        }
    }

    private static String messages(AssertableApplicationContext context) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return String.join("\n", messages);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClientFactory {

        @Bean
        RemotingClientFactory ownClientFactory(ObjectProvider<ChannelEventListener> listeners,
                ObjectProvider<RPCHook> hooks, ObjectProvider<RemotingInterceptorFactory> interceptorFactories,
                ObjectProvider<RemotingInterceptor> interceptors, ObjectProvider<SslBundles> sslBundles,
                ObjectProvider<ServiceAddressSelectorFactory> selectors) {
            RemotingClientCustomizer customizer = config -> config.setConnectTimeoutMillis(4321);
            return new RemotingClientFactory(new StaticListableBeanFactory(Map.of("own", customizer))
                    .getBeanProvider(RemotingClientCustomizer.class), listeners, hooks, interceptorFactories,
                    interceptors, sslBundles, selectors);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserClients {

        @Bean
        RemotingClients userClients() {
            return new RemotingClients(Map.of("own", new NettyRemotingClient(new NettyClientConfig())));
        }
    }
}
