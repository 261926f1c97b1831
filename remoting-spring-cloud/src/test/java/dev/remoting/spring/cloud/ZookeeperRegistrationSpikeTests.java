package dev.remoting.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.InstancePreRegisteredEvent;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryProperties;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperAutoServiceRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Spike: how a non-web Spring Boot 4.2 application whose remoting server binds port 0 registers itself in ZooKeeper
 * through Spring Cloud Zookeeper Discovery 5.0.x (Spring Cloud 2025.1.4), with that port and a
 * {@code remoting.port} metadata entry known only after start-up; how another application's
 * {@link DiscoveryClient} sees it, and stops seeing it once the first closes.
 *
 * <p>Facts this pins down (read in the 5.0.x jars, proven here):
 * <ul>
 * <li>Nothing registers a non-web application: {@code AbstractAutoServiceRegistration} only starts on Boot's
 * {@code WebServerInitializedEvent}. Calling {@link ZookeeperAutoServiceRegistration#start()} ourselves does it.</li>
 * <li>{@link ZookeeperRegistration#getMetadata()} is {@code Collections.emptyMap()} until the Curator instance is
 * built (by {@code setPort}, {@code getServiceInstance()}); from then on it is the live map of
 * {@link ZookeeperDiscoveryProperties#getMetadata()}, and an {@link InstancePreRegisteredEvent} listener may add
 * to it.</li>
 * <li>A client-only application gets no {@link HeartbeatEvent}: {@code ZookeeperServiceWatch} starts its
 * TreeCache on {@link InstanceRegisteredEvent} only; publishing one ourselves starts it.</li>
 * <li>Closing the context deregisters ({@code @PreDestroy destroy()} calls {@code stop()}).</li>
 * </ul>
 */
class ZookeeperRegistrationSpikeTests {

    private static final String METADATA_PORT = "remoting.port";

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static TestingServer zookeeper;

    @BeforeAll
    static void startZookeeper() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopZookeeper() throws Exception {
        zookeeper.close();
    }

    @Test
    void nonWebApplicationRegistersWithItsRunTimePortAndDisappearsOnClose() {
        try (ConfigurableApplicationContext client = application(ClientConfig.class, "client",
                "spring.cloud.zookeeper.discovery.register=false")) {
            DiscoveryClient discovery = client.getBean(DiscoveryClient.class);
            List<HeartbeatEvent> heartbeats = client.getBean(ClientConfig.class).heartbeats;
            assertThat(discovery.getInstances("orders")).isEmpty();

            try (ConfigurableApplicationContext server = application(ServerConfig.class, "orders",
                    "remoting.server.enabled=true", "remoting.server.port=0")) {
                ZookeeperAutoServiceRegistration autoRegistration =
                        server.getBean(ZookeeperAutoServiceRegistration.class);
                ZookeeperRegistration registration = server.getBean(ZookeeperRegistration.class);
                int port = server.getEnvironment().getRequiredProperty("local.remoting.server.port", Integer.class);
                assertThat(port).isPositive();

                // Refreshed and running, yet not registered: no web server, no WebServerInitializedEvent.
                assertThat(autoRegistration.isRunning()).isFalse();
                // Before the Curator instance is built the metadata is Collections.emptyMap().
                assertThatThrownBy(() -> registration.getMetadata().put(METADATA_PORT, "1"))
                        .isInstanceOf(UnsupportedOperationException.class);

                // The recipe: the port first (it builds the instance), then start(), which publishes
                // InstancePreRegisteredEvent (ServerConfig adds the metadata), registers, then publishes
                // InstanceRegisteredEvent.
                registration.setPort(port);
                autoRegistration.start();
                assertThat(autoRegistration.isRunning()).isTrue();
                assertThat(registration.getMetadata()).containsEntry(METADATA_PORT, String.valueOf(port))
                        .isSameAs(server.getBean(ZookeeperDiscoveryProperties.class).getMetadata());

                ServiceInstance seen = await().atMost(DEADLINE)
                        .until(() -> only(discovery.getInstances("orders")), instance -> instance != null);
                assertThat(seen.getServiceId()).isEqualTo("orders");
                assertThat(seen.getHost()).isEqualTo(registration.getHost());
                assertThat(seen.getPort()).isEqualTo(port);
                assertThat(seen.getMetadata()).containsEntry(METADATA_PORT, String.valueOf(port));

                // The client registered nothing, so its ZookeeperServiceWatch never started: no heartbeat for the new
                // instance. Publishing InstanceRegisteredEvent ourselves starts the watch (register=false skips only
                // the registration itself).
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(heartbeats::isEmpty);
                ZookeeperDiscoveryProperties clientProperties = client.getBean(ZookeeperDiscoveryProperties.class);
                client.publishEvent(new InstanceRegisteredEvent<>(this, clientProperties));
                await().atMost(DEADLINE).until(() -> !heartbeats.isEmpty());

                int heartbeatsBeforeClose = heartbeats.size();
                server.close();
                // stop() ran (the @PreDestroy destroy()): running is false only after deregister().
                assertThat(autoRegistration.isRunning()).isFalse();
                await().atMost(DEADLINE).until(() -> discovery.getInstances("orders").isEmpty());
                await().atMost(DEADLINE).until(() -> heartbeats.size() > heartbeatsBeforeClose);
            }
        }
    }

    @Test
    void compatibilityVerifierRejectsBoot42() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ClientConfig.class).web(WebApplicationType.NONE)
                .properties("spring.cloud.zookeeper.connect-string=" + zookeeper.getConnectString(),
                        "spring.application.name=verifier", "spring.cloud.zookeeper.discovery.register=false")
                .run().close())
                .rootCause()
                .hasMessageContaining("Spring Boot [4.2.0] is not compatible with this Spring Cloud release train");
    }

    private static ConfigurableApplicationContext application(Class<?> config, String name, String... properties) {
        return new SpringApplicationBuilder(config).web(WebApplicationType.NONE)
                .properties("spring.cloud.zookeeper.connect-string=" + zookeeper.getConnectString(),
                        "spring.application.name=" + name,
                        // Spring Cloud 2025.1.x lists Boot 4.0.x and 4.1.x only.
                        "spring.cloud.compatibility-verifier.enabled=false",
                        "remoting.client.enabled=false")
                .properties(properties)
                .run();
    }

    private static ServiceInstance only(List<ServiceInstance> instances) {
        return instances.size() == 1 ? instances.get(0) : null;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ServerConfig {

        /** Runs inside start(), before register(): the instance is built by then, so its metadata is mutable. */
        @EventListener
        void addRemotingPort(InstancePreRegisteredEvent event) {
            Map<String, String> metadata = event.getRegistration().getMetadata();
            metadata.put(METADATA_PORT, String.valueOf(event.getRegistration().getPort()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ClientConfig {

        final List<HeartbeatEvent> heartbeats = new CopyOnWriteArrayList<>();

        @EventListener
        void heartbeat(HeartbeatEvent event) {
            this.heartbeats.add(event);
        }
    }
}
