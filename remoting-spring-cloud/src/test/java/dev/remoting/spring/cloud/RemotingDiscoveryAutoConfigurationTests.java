package dev.remoting.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.AddressSelector;
import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingServiceLifecycle;
import dev.remoting.spring.boot.autoconfigure.ServiceAddressSelectorFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which beans the discovery auto-configuration makes, and when it steps aside or fails start-up. */
class RemotingDiscoveryAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class, UtilAutoConfiguration.class,
                    SimpleDiscoveryClientAutoConfiguration.class, LoadBalancerAutoConfiguration.class,
                    RemotingDiscoveryAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=false", "remoting.executors.send.threads=1",
                    "spring.cloud.compatibility-verifier.enabled=false");

    @Test
    void theSelectorFactoryExistsWhenLoadBalancerIsConfigured() {
        this.runner.withPropertyValues("remoting.clients.orders.service-id=orders").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ServiceAddressSelectorFactory.class);
            assertThat(context.getBean(ServiceAddressSelectorFactory.class))
                    .isInstanceOf(DiscoveryAddressSelectors.class);
            AddressSelector selector = context.getBean(RemotingClients.class).get("orders").getAddressSelector();
            assertThat(selector).isInstanceOf(ServiceInstanceSelector.class);
            assertThat(selector).hasToString("service 'orders'");
        });
    }

    @Test
    void theDefaultClientWithAServiceIdGetsASelectorToo() {
        this.runner.withPropertyValues("remoting.client.service-id=orders").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NettyRemotingClient.class).getAddressSelector())
                    .hasToString("service 'orders'");
        });
    }

    @Test
    void aClientWithoutAServiceIdKeepsItsNameServers() {
        this.runner.withPropertyValues("remoting.clients.audit.name-servers=127.0.0.1:9876").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RemotingClients.class).get("audit").getAddressSelector()).isNull();
        });
    }

    @Test
    void aUsersOwnSelectorFactoryWins() {
        this.runner.withUserConfiguration(OwnSelectorFactory.class)
                .withPropertyValues("remoting.clients.orders.service-id=orders").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ServiceAddressSelectorFactory.class)
                            .doesNotHaveBean(DiscoveryAddressSelectors.class);
                    assertThat(context.getBean(RemotingClients.class).get("orders").getAddressSelector())
                            .isSameAs(OwnSelectorFactory.SELECTOR);
                });
    }

    @Test
    void thereAreNoInstanceCallMetersWithoutAMeterRegistry() {
        this.runner.withPropertyValues("remoting.clients.orders.service-id=orders")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(InstanceCallMeters.class));
    }

    @Test
    void thereAreInstanceCallMetersWithAMeterRegistry() {
        this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("remoting.clients.orders.service-id=orders")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(InstanceCallMeters.class));
    }

    @Test
    void theMetersAreLeftOutWhenMicrometerIsNotThere() {
        this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .withPropertyValues("remoting.clients.orders.service-id=orders")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(InstanceCallMeters.class)
                        .hasSingleBean(DiscoveryAddressSelectors.class));
    }

    @Test
    void theRemotingPortGoesIntoTheRegistrationWhichStartsWithoutAWebServer() {
        this.runner.withUserConfiguration(MemoryRegistryConfiguration.class)
                .withPropertyValues("remoting.server.enabled=true", "remoting.server.port=0",
                        "remoting.server.bind-address=127.0.0.1", "remoting.server.shutdown-grace-period=0s")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RemotingPortRegistration.class);
                    int port = context.getBean(RemotingServer.class).localListenPort();
                    MemoryRegistry registry = context.getBean(MemoryRegistry.class);
                    assertThat(registry.registered).containsExactly("orders");
                    assertThat(context.getBean(MemoryRegistration.class).getMetadata())
                            .containsEntry(RemotingInstanceMetadata.PORT, String.valueOf(port));
                    context.getBean(RemotingPortRegistration.class).stop();
                    assertThat(registry.deregistered).containsExactly("orders");
                });
    }

    @Test
    void aRegistrationAWebServerStartedBeforeTheRemotingServerBoundIsRegisteredAgainWithThePort() {
        this.runner.withUserConfiguration(MemoryRegistryConfiguration.class, EarlyRegistration.class)
                .withPropertyValues("remoting.server.enabled=true", "remoting.server.port=0",
                        "remoting.server.bind-address=127.0.0.1", "remoting.server.shutdown-grace-period=0s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    int port = context.getBean(RemotingServer.class).localListenPort();
                    MemoryRegistry registry = context.getBean(MemoryRegistry.class);
                    assertThat(registry.metadataRegistered).containsExactly(Map.of(),
                            Map.of(RemotingInstanceMetadata.PORT, String.valueOf(port)));
                });
    }

    @Test
    void registerFalseMeansNoPortRegistration() {
        this.runner.withUserConfiguration(MemoryRegistryConfiguration.class)
                .withPropertyValues("remoting.server.enabled=true", "remoting.server.port=0",
                        "remoting.server.bind-address=127.0.0.1", "remoting.server.shutdown-grace-period=0s",
                        "remoting.discovery.register=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RemotingPortRegistration.class);
                    assertThat(context.getBean(MemoryRegistry.class).registered).isEmpty();
                    assertThat(context.getBean(MemoryRegistration.class).getMetadata())
                            .doesNotContainKey(RemotingInstanceMetadata.PORT);
                });
    }

    @Test
    void aServiceIdWithoutLoadBalancerFailsStartUpNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class, UtilAutoConfiguration.class,
                        SimpleDiscoveryClientAutoConfiguration.class, RemotingDiscoveryAutoConfiguration.class))
                .withPropertyValues("remoting.server.enabled=false", "remoting.executors.send.threads=1",
                        "remoting.clients.orders.service-id=orders")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context)).contains("remoting.clients.orders.service-id");
                });
    }

    @Test
    void aReactorExtraWithoutCacheFluxFailsStartUpSayingWhatToPinWhileLoadBalancersCacheIsOn() {
        this.runner.withClassLoader(new FilteredClassLoader("reactor.cache"))
                .withPropertyValues("remoting.clients.orders.service-id=orders")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context)).contains("reactor-extra to 3.6.2")
                            .contains("spring.cloud.loadbalancer.cache.enabled=false");
                });
    }

    @Test
    void aReactorExtraWithoutCacheFluxIsFineWithLoadBalancersCacheOff() {
        this.runner.withClassLoader(new FilteredClassLoader("reactor.cache"))
                .withPropertyValues("remoting.clients.orders.service-id=orders",
                        "spring.cloud.loadbalancer.cache.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aServiceIdWithoutLoadBalancerOnTheClassPathFailsStartUpNamingTheProperty() {
        this.runner.withClassLoader(new FilteredClassLoader(ReactiveLoadBalancer.class))
                .withPropertyValues("remoting.clients.orders.service-id=orders")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context)).contains("remoting.clients.orders.service-id");
                });
    }

    @Test
    void theRefreshIntervalBinds() {
        this.runner.withPropertyValues("remoting.discovery.refresh-interval=250ms").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RemotingDiscoveryProperties.class).getRefreshInterval())
                    .isEqualTo(Duration.ofMillis(250));
            assertThat(context.getBean(RemotingDiscoveryProperties.class).isRegister()).isTrue();
        });
    }

    @Test
    void theRefreshIntervalDefaultsToFiveSeconds() {
        this.runner.run(context -> assertThat(context.getBean(RemotingDiscoveryProperties.class).getRefreshInterval())
                .isEqualTo(Duration.ofSeconds(5)));
    }

    private static String messages(AssertableApplicationContext context) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return String.join("\n", messages);
    }

    /** A registry in memory, with the auto-registration a registry module would bring. */
    @Configuration(proxyBeanMethods = false)
    static class MemoryRegistryConfiguration {

        @Bean
        MemoryRegistration memoryRegistration() {
            return new MemoryRegistration();
        }

        @Bean
        MemoryRegistry memoryRegistry() {
            return new MemoryRegistry();
        }

        @Bean
        MemoryAutoRegistration memoryAutoRegistration(ApplicationContext context, MemoryRegistry registry,
                MemoryRegistration registration) {
            return new MemoryAutoRegistration(context, registry, registration);
        }
    }

    /** Starts the auto-registration where Boot starts a web server (which then starts it): before remoting. */
    @Configuration(proxyBeanMethods = false)
    static class EarlyRegistration {

        @Bean
        SmartLifecycle webServerLike(MemoryAutoRegistration registration) {
            return new PhaseLifecycle(RemotingServiceLifecycle.SERVER_PHASE - 1024, registration::start, () -> {
            });
        }
    }

    static final class MemoryRegistration extends DefaultServiceInstance implements Registration {

        MemoryRegistration() {
            super("orders-1", "orders", "127.0.0.1", 8080, false, new HashMap<>());
        }
    }

    static final class MemoryRegistry implements ServiceRegistry<MemoryRegistration> {

        final List<String> registered = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> metadataRegistered = new CopyOnWriteArrayList<>();
        final List<String> deregistered = new CopyOnWriteArrayList<>();

        @Override
        public void register(MemoryRegistration registration) {
            this.registered.add(registration.getServiceId());
            this.metadataRegistered.add(Map.copyOf(registration.getMetadata()));
        }

        @Override
        public void deregister(MemoryRegistration registration) {
            this.deregistered.add(registration.getServiceId());
        }

        @Override
        public void close() {
        }

        @Override
        public void setStatus(MemoryRegistration registration, String status) {
        }

        @Override
        public <T> T getStatus(MemoryRegistration registration) {
            throw new UnsupportedOperationException();
        }
    }

    static final class MemoryAutoRegistration extends AbstractAutoServiceRegistration<MemoryRegistration> {

        private final MemoryRegistration registration;

        MemoryAutoRegistration(ApplicationContext context, MemoryRegistry registry,
                MemoryRegistration registration) {
            super(context, registry, new AutoServiceRegistrationProperties());
            this.registration = registration;
        }

        @Override
        protected Object getConfiguration() {
            return this.registration;
        }

        @Override
        protected boolean isEnabled() {
            return true;
        }

        @Override
        protected MemoryRegistration getRegistration() {
            return this.registration;
        }

        @Override
        protected MemoryRegistration getManagementRegistration() {
            return this.registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSelectorFactory {

        static final AddressSelector SELECTOR = (request, timeoutMillis) -> "127.0.0.1:1";

        @Bean
        ServiceAddressSelectorFactory ownSelectorFactory() {
            return (clientName, serviceId, client) -> SELECTOR;
        }
    }
}
