package dev.remoting.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingServiceLifecycle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.curator.test.InstanceSpec;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperAutoServiceRegistration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Non-web Spring Boot applications registered in a ZooKeeper ({@link TestingServer}, in this JVM) through Spring
 * Cloud Zookeeper Discovery: servers of service {@code orders} register themselves with their remoting port once it
 * is bound, and a client application with {@code remoting.clients.orders.service-id=orders} calls them through
 * Spring Cloud LoadBalancer, following them as they come and go.
 */
class ZookeeperDiscoveryTests {

    static final int WHO = 4100;

    private static final String LOOPBACK = "127.0.0.1";

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static final long TIMEOUT_MILLIS = 3000;

    private static TestingServer zookeeper;

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    /** Each test registers under a root of its own, so that nothing one leaves behind is seen by the next. */
    private String root;

    @BeforeAll
    static void startZookeeper() throws Exception {
        // Loopback only: the client port on 127.0.0.1 (by default ZooKeeper listens on every interface).
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", LOOPBACK), LOOPBACK);
        zookeeper = new TestingServer(spec, true);
    }

    @AfterAll
    static void stopZookeeper() throws Exception {
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @BeforeEach
    void pickRoot(TestInfo test) {
        this.root = "/services-" + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeApplications() {
        // The last started first: the client (when started last) before the servers it calls.
        for (int i = this.apps.size() - 1; i >= 0; i--) {
            this.apps.get(i).close();
        }
    }

    @Test
    void serversRegisterTheirRemotingPortAndTheClientSpreadsCallsOverThemAll() throws Exception {
        ConfigurableApplicationContext a = server("a");
        ConfigurableApplicationContext b = server("b");
        ConfigurableApplicationContext c = server("c");
        ConfigurableApplicationContext client = client();
        DiscoveryClient discovery = client.getBean(DiscoveryClient.class);

        // The registration happens while each server starts: they are all listed by now.
        List<ServiceInstance> instances = discovery.getInstances("orders");
        assertThat(instances).hasSize(3);
        assertThat(instances).allSatisfy(instance -> {
            assertThat(instance.getServiceId()).isEqualTo("orders");
            assertThat(instance.getHost()).isEqualTo(LOOPBACK);
            // The registered port is the remoting port too: a non-web application has no other.
            assertThat(instance.getMetadata()).containsEntry(RemotingInstanceMetadata.PORT,
                    String.valueOf(instance.getPort()));
        });
        assertThat(instances).extracting(ServiceInstance::getPort)
                .containsExactlyInAnyOrder(port(a), port(b), port(c));

        NettyRemotingClient orders = orders(client);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(who(orders));
        }
        Map<String, Long> perServer = answers.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        // Round robin gives each a third; the bound leaves room for an instance list read in another order.
        assertThat(perServer).containsOnlyKeys("a", "b", "c");
        assertThat(perServer.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(5L));
        assertThat(orders.getChannels()).containsOnlyKeys(address(a), address(b), address(c));
    }

    @Test
    void aServerThatClosesWhileCallsRunFailsNoCallAndLeavesTheRegistryAndTheClient() throws Exception {
        ConfigurableApplicationContext a = server("a");
        ConfigurableApplicationContext b = server("b");
        ConfigurableApplicationContext c = server("c");
        ConfigurableApplicationContext client = client();
        NettyRemotingClient orders = orders(client);
        DiscoveryClient discovery = client.getBean(DiscoveryClient.class);

        Queue<String> answers = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean calling = new AtomicBoolean(true);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread caller = new Thread(() -> {
                while (calling.get()) {
                    try {
                        answers.add(who(orders));
                    } catch (Throwable ex) {
                        failures.add(ex);
                    }
                }
            }, "caller-" + i);
            caller.start();
            callers.add(caller);
        }
        try {
            await().atMost(DEADLINE).until(() -> Set.copyOf(answers).containsAll(Set.of("a", "b", "c")));

            ZookeeperAutoServiceRegistration registrationOfB = b.getBean(ZookeeperAutoServiceRegistration.class);
            StopProbe probeOfB = b.getBean(StopProbe.class);
            assertThat(registrationOfB.isRunning()).isTrue();
            b.close();
            assertThat(registrationOfB.isRunning()).isFalse();
            // Right before b's remoting server stopped, still bound, it was no longer in the registry.
            assertThat(probeOfB.seen).hasValue("bound=true listed=false");
            int answeredAtClose = answers.size();
            // The calls go on, a good many of them after b is gone.
            await().atMost(DEADLINE).until(() -> answers.size() > answeredAtClose + 200);
        } finally {
            calling.set(false);
            for (Thread caller : callers) {
                caller.join(DEADLINE.toMillis());
            }
        }
        assertThat(callers).noneMatch(Thread::isAlive);
        assertThat(failures).isEmpty();

        assertThat(discovery.getInstances("orders")).extracting(ServiceInstance::getPort)
                .containsExactlyInAnyOrder(port(a), port(c));
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            after.add(who(orders));
        }
        assertThat(after).containsOnly("a", "c");
        // The server closed the connection to b; the selector's next refresh drops b from what it selects among.
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(orders.getChannels()).containsOnlyKeys(address(a), address(c));
            assertThat(orders.getAddressSelector()).isNotNull().extracting(selector -> selector.addresses())
                    .asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactlyInAnyOrder(address(a), address(c));
        });
    }

    @Test
    void aServerStartedLaterGetsCallsAndTheServersRegisteredBeforeHearOfIt() throws Exception {
        ConfigurableApplicationContext a = server("a");
        ConfigurableApplicationContext client = client();
        NettyRemotingClient orders = orders(client);
        for (int i = 0; i < 5; i++) {
            assertThat(who(orders)).isEqualTo("a");
        }
        List<HeartbeatEvent> heartbeatsOfA = a.getBean(Heartbeats.class).events;
        int heartbeatsBefore = heartbeatsOfA.size();

        ConfigurableApplicationContext b = server("b");

        await().atMost(DEADLINE).until(() -> "b".equals(who(orders)));
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(who(orders));
        }
        assertThat(answers).containsOnly("a", "b").contains("a", "b");
        assertThat(orders.getChannels()).containsOnlyKeys(address(a), address(b));
        // a registered, so its ZookeeperServiceWatch runs: b's registration reaches it as a HeartbeatEvent.
        await().atMost(DEADLINE).until(() -> heartbeatsOfA.size() > heartbeatsBefore);
    }

    @Test
    void aServerWithRegisterFalseIsNotInTheRegistry() throws Exception {
        ConfigurableApplicationContext hidden = server("hidden", "remoting.discovery.register=false");
        ConfigurableApplicationContext shown = server("shown");
        ConfigurableApplicationContext client = client();

        assertThat(hidden.getBeanProvider(RemotingPortRegistration.class).getIfAvailable()).isNull();
        // Nothing else starts the registration of a non-web application.
        assertThat(hidden.getBean(ZookeeperAutoServiceRegistration.class).isRunning()).isFalse();
        assertThat(shown.getBean(ZookeeperAutoServiceRegistration.class).isRunning()).isTrue();
        assertThat(client.getBean(DiscoveryClient.class).getInstances("orders")).extracting(ServiceInstance::getPort)
                .containsExactly(port(shown));
        NettyRemotingClient orders = orders(client);
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            answers.add(who(orders));
        }
        assertThat(answers).containsExactly("shown");
        assertThat(port(hidden)).isPositive().isNotEqualTo(port(shown));
    }

    private ConfigurableApplicationContext server(String name, String... properties) {
        List<String> all = new ArrayList<>(List.of("test.server-name=" + name, "remoting.server.enabled=true",
                "remoting.server.port=0", "remoting.server.bind-address=" + LOOPBACK, "remoting.client.enabled=false"));
        all.addAll(List.of(properties));
        return start(ServerApp.class, all.toArray(String[]::new));
    }

    private ConfigurableApplicationContext client() {
        return start(ClientApp.class, "remoting.server.enabled=false",
                "spring.cloud.zookeeper.discovery.register=false", "remoting.clients.orders.service-id=orders",
                "remoting.discovery.refresh-interval=200ms");
    }

    private ConfigurableApplicationContext start(Class<?> app, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(app)
                .web(WebApplicationType.NONE)
                .properties("spring.application.name=orders",
                        "spring.cloud.zookeeper.connect-string=" + zookeeper.getConnectString(),
                        "spring.cloud.zookeeper.discovery.root=" + this.root,
                        "spring.cloud.zookeeper.discovery.instance-host=" + LOOPBACK,
                        // Spring Cloud 2025.1.x lists Boot 4.0.x and 4.1.x only.
                        "spring.cloud.compatibility-verifier.enabled=false",
                        "spring.cloud.loadbalancer.cache.enabled=false",
                        "remoting.server.shutdown-grace-period=2s",
                        "spring.main.banner-mode=off", "spring.main.log-startup-info=false")
                .properties(properties)
                .run();
        this.apps.add(context);
        return context;
    }

    private static NettyRemotingClient orders(ConfigurableApplicationContext client) {
        return client.getBean(RemotingClients.class).get("orders");
    }

    /** One call with a null address, retryable: returns the name of the server that answered. */
    private static String who(NettyRemotingClient client) throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(WHO, null).markRetryable();
        RemotingCommand response = client.invokeSync(null, request, TIMEOUT_MILLIS);
        assertThat(response.getCode()).as("response code").isEqualTo(RemotingSysResponseCode.SUCCESS);
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    private static int port(ConfigurableApplicationContext server) {
        return server.getEnvironment().getRequiredProperty("local.remoting.server.port", Integer.class);
    }

    private static String address(ConfigurableApplicationContext server) {
        return LOOPBACK + ":" + port(server);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ServerApp {

        @Bean
        Who who(Environment environment) {
            return new Who(environment.getRequiredProperty("test.server-name"));
        }

        @Bean
        Heartbeats heartbeats() {
            return new Heartbeats();
        }

        /** Depends on the server's lifecycle so that, in the same phase, it stops right before the server does. */
        @Bean
        @DependsOn("remotingServerLifecycle")
        StopProbe stopProbe(RemotingServer server, DiscoveryClient discovery) {
            return new StopProbe(server, discovery);
        }
    }

    /** Sees, as the remoting server is about to stop, whether it is still bound and still in the registry. */
    static final class StopProbe extends PhaseLifecycle {

        final AtomicReference<String> seen;

        StopProbe(RemotingServer server, DiscoveryClient discovery) {
            this(server, discovery, new AtomicReference<>());
        }

        private StopProbe(RemotingServer server, DiscoveryClient discovery, AtomicReference<String> seen) {
            super(RemotingServiceLifecycle.SERVER_PHASE, () -> {
            }, () -> {
                int port = server.localListenPort();
                boolean listed = discovery.getInstances("orders").stream()
                        .anyMatch(instance -> instance.getPort() == port);
                seen.set("bound=" + (port > 0) + " listed=" + listed);
            });
            this.seen = seen;
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ClientApp {
    }

    static final class Who {

        private final byte[] name;

        Who(String name) {
            this.name = name.getBytes(StandardCharsets.UTF_8);
        }

        @RequestCodeHandler(code = WHO)
        byte[] who() {
            return this.name.clone();
        }
    }

    static final class Heartbeats {

        final List<HeartbeatEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void heartbeat(HeartbeatEvent event) {
            this.events.add(event);
        }
    }
}
