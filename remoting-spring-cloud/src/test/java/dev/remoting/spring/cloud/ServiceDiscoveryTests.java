package dev.remoting.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.RemotingInterceptor;
import dev.remoting.RemotingServer;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.ImportRemotingClients;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint.ClientDescriptor;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint.ConnectionDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Real Spring Boot applications over loopback: servers that each answer with their own name, and a client whose
 * {@code orders} client calls the service {@code orders}, its instances listed by Spring Cloud's simple discovery
 * client (changed at run time through its properties bean, which it reads on every call) and chosen by LoadBalancer.
 */
class ServiceDiscoveryTests {

    static final int WHO = 4101;
    static final int HOLD = 4102;

    private static final String[] SHARED = {"spring.main.banner-mode=off",
        "spring.cloud.compatibility-verifier.enabled=false", "spring.cloud.zookeeper.enabled=false",
        "spring.cloud.discovery.reactive.enabled=false", "spring.cloud.loadbalancer.cache.enabled=false"};

    private static final Logger LOG = LoggerFactory.getLogger(ServiceDiscoveryTests.class);

    private final List<ConfigurableApplicationContext> servers = new ArrayList<>();
    private final List<ConfigurableApplicationContext> clients = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopApplications() throws InterruptedException {
        this.callers.shutdownNow();
        assertThat(this.callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        // The caller first, so that no call is on its way to an application already gone.
        this.clients.forEach(ConfigurableApplicationContext::close);
        this.servers.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void rawAndDeclarativeCallsSpreadEvenlyOverTheInstancesOnOneConnectionEach() {
        ConfigurableApplicationContext a = startServer("a");
        ConfigurableApplicationContext b = startServer("b");
        ConfigurableApplicationContext c = startServer("c");
        // The three ways to list an instance: a URI, host and port, and a remoting port in the metadata that wins
        // over the registered (here unusable) port.
        ConfigurableApplicationContext client = startClient(
                "spring.cloud.discovery.client.simple.instances.orders[0].uri=tcp://127.0.0.1:" + port(a),
                "spring.cloud.discovery.client.simple.instances.orders[1].host=127.0.0.1",
                "spring.cloud.discovery.client.simple.instances.orders[1].port=" + port(b),
                "spring.cloud.discovery.client.simple.instances.orders[2].host=127.0.0.1",
                "spring.cloud.discovery.client.simple.instances.orders[2].port=1",
                "spring.cloud.discovery.client.simple.instances.orders[2].metadata[remoting.port]=" + port(c));
        NettyRemotingClient orders = orders(client);
        WhoApi api = client.getBean(WhoApi.class);

        Map<String, Integer> raw = new ConcurrentHashMap<>();
        Map<String, Integer> declarative = new ConcurrentHashMap<>();
        for (int i = 0; i < 60; i++) {
            raw.merge(who(orders, false), 1, Integer::sum);
            declarative.merge(api.who(), 1, Integer::sum);
        }

        // Round robin over three instances, two calls per round: each gets 40, half of them of each kind.
        assertThat(raw).containsOnlyKeys("a", "b", "c");
        assertThat(declarative).containsOnlyKeys("a", "b", "c");
        for (String name : List.of("a", "b", "c")) {
            assertThat(raw.get(name) + declarative.get(name)).as("calls to %s", name).isEqualTo(40);
            assertThat(raw.get(name)).as("raw calls to %s", name).isBetween(15, 25);
        }
        assertThat(orders.getChannels()).containsOnlyKeys(address(a), address(b), address(c));
        for (ConfigurableApplicationContext server : List.of(a, b, c)) {
            assertThat(server.getBean(RemotingServer.class).getConnectionCount()).isEqualTo(1);
        }
    }

    @Test
    void anInstanceThatLeavesTheRegistryAndStopsCostsRetryableCallsNothing() throws Exception {
        ConfigurableApplicationContext a = startServer("a", "test.work=5ms");
        ConfigurableApplicationContext b = startServer("b", "test.work=5ms");
        ConfigurableApplicationContext c = startServer("c", "test.work=5ms");
        ConfigurableApplicationContext client = startClient(listing(a, b, c));
        CallLog log = client.getBean(CallLog.class);
        String addressA = address(a);
        GoAways goAwaysOfA = a.getBean(GoAways.class);

        CallStream stream = new CallStream(orders(client), true);
        try (stream) {
            stream.awaitAnswersFrom("a", "b", "c");
            list(client, b, c);
            a.close();
            stream.awaitProgress("b", "c");
        }

        assertNoCallFailed(goAwaysOfA, log, stream);
        assertThat(log.succeeded.keySet()).contains(addressA, address(b), address(c));
        assertOnlyTheseAnswer(orders(client), "b", "c");
    }

    @Test
    void anInstanceThatStopsWhileTheRegistryStillListsItCostsRetryableCallsNothing() throws Exception {
        ConfigurableApplicationContext a = startServer("a", "test.work=5ms");
        ConfigurableApplicationContext b = startServer("b", "test.work=5ms");
        ConfigurableApplicationContext c = startServer("c", "test.work=5ms");
        ConfigurableApplicationContext client = startClient(listing(a, b, c));
        CallLog log = client.getBean(CallLog.class);
        GoAways goAwaysOfA = a.getBean(GoAways.class);

        CallStream stream = new CallStream(orders(client), true);
        try (stream) {
            stream.awaitAnswersFrom("a", "b", "c");
            // Stopped first: late requests are answered GO_AWAY, then its connection closes and connects fail, while
            // LoadBalancer still offers it.
            a.close();
            stream.awaitProgress("b", "c");
            list(client, b, c);
            stream.awaitProgress("b", "c");
        }

        assertNoCallFailed(goAwaysOfA, log, stream);
        assertOnlyTheseAnswer(orders(client), "b", "c");
    }

    @Test
    void anInstanceDrainingWhileTheRegistryStillListsItAnswersGoAwayAndRetryableCallsMoveOn() throws Exception {
        ConfigurableApplicationContext a = startServer("a", "test.work=5ms");
        ConfigurableApplicationContext b = startServer("b", "test.work=5ms");
        ConfigurableApplicationContext c = startServer("c", "test.work=5ms");
        ConfigurableApplicationContext client = startClient(listing(a, b, c));
        NettyRemotingClient orders = orders(client);
        CallLog log = client.getBean(CallLog.class);
        Gate gate = a.getBean(Gate.class);
        GoAways goAwaysOfA = a.getBean(GoAways.class);

        CallStream stream = new CallStream(orders, true);
        CompletableFuture<RemotingCommand> held;
        CompletableFuture<Void> closing;
        try (stream) {
            stream.awaitAnswersFrom("a", "b", "c");
            // A call a holds keeps it draining: meanwhile it answers every new request with GO_AWAY.
            held = hold(orders, a);
            closing = CompletableFuture.runAsync(a::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> goAwaysOfA.count.get() >= 10);
            stream.awaitProgress("b", "c");
            gate.release.countDown();
            assertThat(held.get(5, TimeUnit.SECONDS).getCode()).as("the drained call")
                    .isEqualTo(RemotingSysResponseCode.SUCCESS);
            closing.get(10, TimeUnit.SECONDS);
            stream.awaitProgress("b", "c");
        }

        assertNoCallFailed(goAwaysOfA, log, stream);
    }

    @Test
    void anInstanceThatStopsAbruptlyCostsRetryableSyncAndAsyncCallsNothing() throws Exception {
        // No grace: the calls in flight on a lose their connection, and are sent again to another instance. Its
        // calls are slow, so that most of the callers wait on it when it stops.
        ConfigurableApplicationContext a = startServer("a", "test.work=200ms",
                "remoting.server.shutdown-grace-period=0s");
        ConfigurableApplicationContext b = startServer("b", "test.work=5ms");
        ConfigurableApplicationContext c = startServer("c", "test.work=5ms");
        ConfigurableApplicationContext client = startClient(listing(a, b, c));
        CallLog log = client.getBean(CallLog.class);
        GoAways goAwaysOfA = a.getBean(GoAways.class);
        NettyRemotingClient orders = orders(client);
        String addressA = address(a);

        CallStream stream = new CallStream(orders, true, true);
        try (stream) {
            stream.awaitAnswersFrom("a", "b", "c");
            await().atMost(Duration.ofSeconds(5)).until(() -> pendingOn(orders, addressA) >= 2);
            a.close();
            stream.awaitProgress("b", "c");
            list(client, b, c);
            stream.awaitProgress("b", "c");
        }

        assertNoCallFailed(goAwaysOfA, log, stream);
        assertOnlyTheseAnswer(orders(client), "b", "c");
    }

    @Test
    void plainCallsFailOnlyOnTheInstanceThatStopped() throws Exception {
        ConfigurableApplicationContext a = startServer("a", "test.work=5ms");
        ConfigurableApplicationContext b = startServer("b", "test.work=5ms");
        ConfigurableApplicationContext c = startServer("c", "test.work=5ms");
        ConfigurableApplicationContext client = startClient(listing(a, b, c));
        NettyRemotingClient orders = orders(client);
        CallLog log = client.getBean(CallLog.class);
        String addressA = address(a);
        Gate gate = a.getBean(Gate.class);
        GoAways goAwaysOfA = a.getBean(GoAways.class);

        CallStream stream = new CallStream(orders, false);
        try (stream) {
            stream.awaitAnswersFrom("a", "b", "c");
            // Draining, still listed: plain requests that reach a get its GO_AWAY as their answer.
            CompletableFuture<RemotingCommand> held = hold(orders, a);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(a::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> goAwaysOfA.count.get() >= 3);
            list(client, b, c);
            gate.release.countDown();
            assertThat(held.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            closing.get(10, TimeUnit.SECONDS);
            stream.awaitProgress("b", "c");
        }

        report(goAwaysOfA, log);
        assertThat(log.failures).as("failed calls").isNotEmpty()
                .allSatisfy(failure -> assertThat(failure).startsWith(addressA + " "));
        assertThat(stream.failures).as("callers' failures").hasSameSizeAs(log.failures);
        assertOnlyTheseAnswer(orders, "b", "c");
    }

    @Test
    void withLoadBalancersCacheOnAnInstanceTheRegistryDroppedIsChosenNoMoreThoughTheCacheStillOffersIt() {
        ConfigurableApplicationContext a = startServer("a");
        ConfigurableApplicationContext b = startServer("b");
        ConfigurableApplicationContext c = startServer("c");
        // Spring Cloud's default: the instance list cached for 35 s (needs reactor-extra 3.6, see the module's pom).
        ConfigurableApplicationContext client = startClient(concat(listing(a, b, c),
                "spring.cloud.loadbalancer.cache.enabled=true"));
        NettyRemotingClient orders = orders(client);
        assertOnlyTheseAnswer(orders, "a", "b", "c");

        list(client, a, b);
        await().atMost(Duration.ofSeconds(10)).until(() -> !orders.getChannels().containsKey(address(c)));

        assertOnlyTheseAnswer(orders, "a", "b");
        assertThat(orders.getChannels()).containsOnlyKeys(address(a), address(b));
        assertThat(c.getBean(RemotingServer.class).getConnectionCount()).isZero();
    }

    @Test
    void aNewInstanceGetsTrafficOnceListed() {
        ConfigurableApplicationContext a = startServer("a");
        ConfigurableApplicationContext b = startServer("b");
        ConfigurableApplicationContext client = startClient(listing(a, b));
        NettyRemotingClient orders = orders(client);
        assertOnlyTheseAnswer(orders, "a", "b");

        ConfigurableApplicationContext d = startServer("d");
        list(client, a, b, d);

        await().atMost(Duration.ofSeconds(10)).until(() -> "d".equals(who(orders, false)));
        assertOnlyTheseAnswer(orders, "a", "b", "d");
        assertThat(orders.getChannels()).containsOnlyKeys(address(a), address(b), address(d));
    }

    @Test
    void theConnectionOfARemovedInstanceStillRunningIsRetiredOnceItsPendingCallIsDone() throws Exception {
        ConfigurableApplicationContext a = startServer("a");
        ConfigurableApplicationContext b = startServer("b");
        ConfigurableApplicationContext c = startServer("c");
        ConfigurableApplicationContext client = startClient(listing(a, b, c));
        NettyRemotingClient orders = orders(client);
        assertOnlyTheseAnswer(orders, "a", "b", "c");
        RemotingServer serverA = a.getBean(RemotingServer.class);
        MeterRegistry registry = client.getBean(MeterRegistry.class);
        Gate gate = a.getBean(Gate.class);
        // A call held on a's connection, made to its address.
        CompletableFuture<RemotingCommand> held = hold(orders, a);

        list(client, b, c);

        await().atMost(Duration.ofSeconds(5)).until(() -> !orders.getChannels().containsKey(address(a)));
        assertOnlyTheseAnswer(orders, "b", "c");
        // Retired, not closed: the held call still gets its answer, and only then does the connection close.
        assertThat(held).isNotDone();
        assertThat(serverA.getConnectionCount()).isEqualTo(1);
        gate.release.countDown();
        assertThat(held.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        await().atMost(Duration.ofSeconds(5)).until(() -> serverA.getConnectionCount() == 0);
        assertThat(serverA.localListenPort()).as("a still serving").isPositive();
        // The call that ended after a left brings none of a's counters back.
        assertThat(registry.find(InstanceCallMeters.CALLS).tag("instance", address(a)).meters()).isEmpty();
    }

    @Test
    void callsAreCountedPerInstanceAndADepartedInstancesCountersAreRemoved() {
        ConfigurableApplicationContext a = startServer("a");
        ConfigurableApplicationContext b = startServer("b");
        ConfigurableApplicationContext c = startServer("c");
        ConfigurableApplicationContext client = startClient(listing(a, b, c));
        NettyRemotingClient orders = orders(client);
        MeterRegistry registry = client.getBean(MeterRegistry.class);

        for (int i = 0; i < 30; i++) {
            who(orders, false);
        }

        for (ConfigurableApplicationContext server : List.of(a, b, c)) {
            Counter counter = registry.find(InstanceCallMeters.CALLS).tag("client", "orders").tag("service", "orders")
                    .tag("instance", address(server)).tag("outcome", "SUCCESS").counter();
            assertThat(counter).as("counter of %s", address(server)).isNotNull();
            assertThat(counter.count()).isEqualTo(10.0);
        }

        list(client, b, c);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.find(InstanceCallMeters.CALLS).tag("instance", address(a)).meters().isEmpty());
        assertThat(registry.find(InstanceCallMeters.CALLS).counters()).extracting(m -> m.getId().getTag("instance"))
                .containsExactlyInAnyOrder(address(b), address(c));

        // Listed again, it is counted again, from zero.
        list(client, a, b, c);
        await().atMost(Duration.ofSeconds(5)).until(() -> "a".equals(who(orders, false)));
        Counter again = registry.find(InstanceCallMeters.CALLS).tag("instance", address(a)).counter();
        assertThat(again).isNotNull();
        assertThat(again.count()).isEqualTo(1.0);
    }

    @Test
    void theDefaultClientCallsItsServiceAndIsCountedUnderItsName() {
        ConfigurableApplicationContext a = startServer("a");
        ConfigurableApplicationContext b = startServer("b");
        ConfigurableApplicationContext client = startClient(concat(listing(a, b), "remoting.client.service-id=orders"));
        NettyRemotingClient defaultClient = client.getBean(NettyRemotingClient.class);
        MeterRegistry registry = client.getBean(MeterRegistry.class);

        assertOnlyTheseAnswer(defaultClient, "a", "b");

        assertThat(defaultClient).isNotSameAs(orders(client));
        assertThat(defaultClient.getChannels()).containsOnlyKeys(address(a), address(b));
        for (ConfigurableApplicationContext server : List.of(a, b)) {
            Counter counter = registry.find(InstanceCallMeters.CALLS).tag("client", RemotingClients.DEFAULT_NAME)
                    .tag("instance", address(server)).tag("outcome", "SUCCESS").counter();
            assertThat(counter).as("counter of %s", address(server)).isNotNull();
            assertThat(counter.count()).isEqualTo(10.0);
        }
    }

    @Test
    void theRemotingEndpointShowsTheServicesInstancesAndThePendingCallsOfEachConnection() throws Exception {
        ConfigurableApplicationContext a = startServer("a");
        ConfigurableApplicationContext b = startServer("b");
        ConfigurableApplicationContext c = startServer("c");
        ConfigurableApplicationContext client = startClient(listing(a, b, c));
        NettyRemotingClient orders = orders(client);
        RemotingEndpoint endpoint = client.getBean(RemotingEndpoint.class);
        assertOnlyTheseAnswer(orders, "a", "b", "c");
        Gate gate = b.getBean(Gate.class);
        CompletableFuture<RemotingCommand> held = hold(orders, b);

        ClientDescriptor described = endpoint.remoting().clients().get("orders");

        assertThat(described.service()).isNotNull();
        assertThat(described.service().selectedBy()).isEqualTo("service 'orders'");
        assertThat(described.service().instances()).containsExactlyInAnyOrder(address(a), address(b), address(c));
        assertThat(described.channels()).extracting(ConnectionDescriptor::remoteAddress)
                .containsExactlyInAnyOrder(address(a), address(b), address(c));
        assertThat(described.channels()).allSatisfy(channel -> assertThat(channel.pendingCalls())
                .isEqualTo(channel.remoteAddress().equals(address(b)) ? 1 : 0));
        gate.release.countDown();
        assertThat(held.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);

        list(client, b, c);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ClientDescriptor now = endpoint.remoting().clients().get("orders");
            assertThat(now.service().instances()).containsExactlyInAnyOrder(address(b), address(c));
            assertThat(now.channels()).extracting(ConnectionDescriptor::remoteAddress)
                    .containsExactlyInAnyOrder(address(b), address(c));
        });
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(first));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    /** What the stopped server answered GO_AWAY to (when late requests reached it), and the calls that failed. */
    private static void report(GoAways goAwaysOfStopped, CallLog log) {
        LOG.info("The stopped instance answered GO_AWAY {} times; calls answered per instance: {}; failed: {}",
                goAwaysOfStopped.count.get(), log, log.failures);
    }

    /** Reports what happened, and checks that neither the client nor its callers saw a call fail. */
    private static void assertNoCallFailed(GoAways goAwaysOfStopped, CallLog log, CallStream stream) {
        report(goAwaysOfStopped, log);
        assertThat(log.failures).as("failed calls").isEmpty();
        assertThat(stream.failures).as("callers' failures").isEmpty();
    }

    /** Makes calls until each of these has answered, and checks that no other did. */
    private static void assertOnlyTheseAnswer(NettyRemotingClient orders, String... names) {
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        for (int i = 0; i < 10 * names.length; i++) {
            answers.merge(who(orders, false), 1, Integer::sum);
        }
        assertThat(answers).containsOnlyKeys(names);
    }

    /** Calls the service once with a null address; returns the name of the server that answered. */
    static String who(NettyRemotingClient orders, boolean retryable) {
        return who(orders, retryable, false);
    }

    /** Calls the service once with a null address, sync or async; returns the name of the server that answered. */
    static String who(NettyRemotingClient orders, boolean retryable, boolean async) {
        RemotingCommand request = RemotingCommand.createRequestCommand(WHO, null);
        if (retryable) {
            request.markRetryable();
        }
        try {
            RemotingCommand response = async ? orders.invoke(null, request, 3000).get(5, TimeUnit.SECONDS)
                    : orders.invokeSync(null, request, 3000);
            if (response.getCode() != RemotingSysResponseCode.SUCCESS) {
                throw new IllegalStateException("answered " + response.getCode() + ": " + response.getRemark());
            }
            // A JSON string.
            return new String(response.getBody(), StandardCharsets.UTF_8).replace("\"", "");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private ConfigurableApplicationContext startServer(String name, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApp.class)
                .web(WebApplicationType.NONE)
                .properties(SHARED)
                .properties("spring.application.name=" + name, "remoting.server.port=0",
                        "remoting.server.bind-address=127.0.0.1", "remoting.server.shutdown-grace-period=5s")
                .properties(properties)
                .run();
        this.servers.add(context);
        return context;
    }

    private ConfigurableApplicationContext startClient(String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ClientApp.class)
                .web(WebApplicationType.NONE)
                .properties(SHARED)
                .properties("spring.application.name=client", "remoting.server.enabled=false",
                        "remoting.clients.orders.service-id=orders", "remoting.discovery.refresh-interval=200ms",
                        "management.endpoints.web.exposure.include=remoting")
                .properties(properties)
                .run();
        this.clients.add(context);
        return context;
    }

    /** The properties that list these servers as the instances of {@code orders}. */
    private static String[] listing(ConfigurableApplicationContext... servers) {
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            properties.add("spring.cloud.discovery.client.simple.instances.orders[" + i + "].uri=tcp://"
                    + address(servers[i]));
        }
        return properties.toArray(String[]::new);
    }

    /** Makes these servers the instances the client's discovery lists from now on, as a registry would. */
    private static void list(ConfigurableApplicationContext client, ConfigurableApplicationContext... servers) {
        List<InstanceProperties> instances = new ArrayList<>();
        for (ConfigurableApplicationContext server : servers) {
            InstanceProperties instance = new InstanceProperties();
            instance.setServiceId("orders");
            instance.setInstanceId(server.getEnvironment().getProperty("spring.application.name"));
            instance.setHost("127.0.0.1");
            instance.setPort(port(server));
            instances.add(instance);
        }
        client.getBean(SimpleDiscoveryProperties.class).getInstances().put("orders", List.copyOf(instances));
    }

    /** Sends HOLD to this server, and returns once its handler holds the call until the server's gate opens. */
    private static CompletableFuture<RemotingCommand> hold(NettyRemotingClient orders,
            ConfigurableApplicationContext server) throws InterruptedException {
        CompletableFuture<RemotingCommand> held = orders.invoke(address(server),
                RemotingCommand.createRequestCommand(HOLD, null), 10_000);
        assertThat(server.getBean(Gate.class).entered.await(5, TimeUnit.SECONDS)).isTrue();
        return held;
    }

    private static int pendingOn(NettyRemotingClient client, String address) {
        Channel channel = client.getChannels().get(address);
        return channel == null ? 0 : client.getPendingCallsByChannel().getOrDefault(channel, 0);
    }

    private static NettyRemotingClient orders(ConfigurableApplicationContext client) {
        return client.getBean(RemotingClients.class).get("orders");
    }

    private static int port(ConfigurableApplicationContext server) {
        return server.getBean(RemotingServer.class).localListenPort();
    }

    private static String address(ConfigurableApplicationContext server) {
        return "127.0.0.1:" + port(server);
    }

    /** Threads that call the service in a loop, counting the answers by the name of the server that gave them. */
    private final class CallStream implements AutoCloseable {

        private final AtomicBoolean stop = new AtomicBoolean();
        private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<Future<?>> workers = new ArrayList<>();

        CallStream(NettyRemotingClient orders, boolean retryable) {
            this(orders, retryable, false);
        }

        /** @param async whether half the threads make async calls */
        CallStream(NettyRemotingClient orders, boolean retryable, boolean async) {
            for (int i = 0; i < 4; i++) {
                boolean asyncCalls = async && i % 2 == 1;
                this.workers.add(ServiceDiscoveryTests.this.callers.submit(() -> {
                    while (!this.stop.get()) {
                        try {
                            this.answers.computeIfAbsent(who(orders, retryable, asyncCalls),
                                    name -> new AtomicInteger()).incrementAndGet();
                        } catch (RuntimeException ex) {
                            this.failures.add(String.valueOf(ex));
                        }
                    }
                }));
            }
        }

        int[] answers(String... names) {
            return Arrays.stream(names).mapToInt(this::answers).toArray();
        }

        private int answers(String name) {
            AtomicInteger count = this.answers.get(name);
            return count != null ? count.get() : 0;
        }

        void awaitAnswersFrom(String... names) {
            awaitMoreAnswersThan(new int[names.length], names);
        }

        /** Waits until each of these answered 20 calls more than it has by now. */
        void awaitProgress(String... names) {
            awaitMoreAnswersThan(answers(names), names);
        }

        /** Waits until each of these answered 20 calls more than it had. */
        void awaitMoreAnswersThan(int[] before, String... names) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                int[] now = answers(names);
                for (int i = 0; i < names.length; i++) {
                    if (now[i] < before[i] + 20) {
                        return false;
                    }
                }
                return true;
            });
        }

        @Override
        public void close() throws Exception {
            this.stop.set(true);
            for (Future<?> worker : this.workers) {
                worker.get(10, TimeUnit.SECONDS);
            }
        }
    }

    interface WhoApi {

        @RemotingExchange(code = WHO)
        String who();
    }

    /** Each call the client made, by the instance its last attempt went to. */
    static final class CallLog implements RemotingInterceptor {

        final Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();

        @Override
        public Interception begin(InterceptedCall call) {
            return new Interception() {
                @Override
                public Scope openScope() {
                    return Scope.NONE;
                }

                @Override
                public void end(RemotingCommand response, Throwable error) {
                    String instance = call.remoteAddress();
                    if (error == null && response != null && response.getCode() == RemotingSysResponseCode.SUCCESS) {
                        CallLog.this.succeeded.computeIfAbsent(String.valueOf(instance), key -> new AtomicInteger())
                                .incrementAndGet();
                    } else {
                        CallLog.this.failures.add(instance + " " + (error != null ? error
                                : "answered " + (response != null ? response.getCode() : null)));
                    }
                }
            };
        }

        @Override
        public String toString() {
            return this.succeeded.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    /** Holds HOLD requests until released. */
    static final class Gate {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
    }

    /** Counts the requests a server answered with GO_AWAY. */
    static final class GoAways implements RemotingInterceptor {

        final AtomicInteger count = new AtomicInteger();

        @Override
        public Interception begin(InterceptedCall call) {
            return new Interception() {
                @Override
                public Scope openScope() {
                    return Scope.NONE;
                }

                @Override
                public void end(RemotingCommand response, Throwable error) {
                    if (response != null && response.getCode() == RemotingSysResponseCode.GO_AWAY) {
                        GoAways.this.count.incrementAndGet();
                    }
                }
            };
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ServerApp {

        @Bean
        GoAways goAways() {
            return new GoAways();
        }

        @Bean
        Gate gate() {
            return new Gate();
        }

        @Bean
        WhoHandlers whoHandlers(@Value("${spring.application.name}") String name,
                @Value("${test.work:0ms}") Duration work, Gate gate) {
            return new WhoHandlers(name, work, gate);
        }
    }

    static final class WhoHandlers {

        private final String name;
        private final long workNanos;
        private final Gate gate;

        WhoHandlers(String name, Duration work, Gate gate) {
            this.name = name;
            this.workNanos = work.toNanos();
            this.gate = gate;
        }

        @RequestCodeHandler(code = WHO)
        String who() {
            if (this.workNanos > 0) {
                // The work a call does: keeps a few calls in flight on each instance.
                LockSupport.parkNanos(this.workNanos);
            }
            return this.name;
        }

        @RequestCodeHandler(code = HOLD)
        String hold() throws InterruptedException {
            this.gate.entered.countDown();
            if (!this.gate.release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
            return this.name;
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @ImportRemotingClients(client = "orders", types = WhoApi.class)
    static class ClientApp {

        @Bean
        CallLog callLog() {
            return new CallLog();
        }
    }
}
