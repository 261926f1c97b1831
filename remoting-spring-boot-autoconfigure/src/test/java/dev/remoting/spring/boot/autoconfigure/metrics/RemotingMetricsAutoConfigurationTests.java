package dev.remoting.spring.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Remoting meters exist only with a {@link MeterRegistry}, and are bound to the auto-configured beans. */
class RemotingMetricsAutoConfigurationTests {

    private final ApplicationContextRunner remotingOnly = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class,
                    RemotingMetricsAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.server.async-permits=7", "remoting.client.oneway-permits=5",
                    "remoting.executors.send.threads=2");

    /** The request timers come from the observations, which Boot's meter observation handler turns into timers. */
    private final ApplicationContextRunner runner = this.remotingOnly
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class, RemotingObservationAutoConfiguration.class));

    @Test
    void backsOffWithoutAMeterRegistry() {
        this.runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RemotingMetrics.class));
    }

    @Test
    void backsOffWithoutSpringBootMicrometerMetricsOnTheClassPath() {
        this.remotingOnly.withUserConfiguration(Registry.class)
                .withClassLoader(new FilteredClassLoader(MetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RemotingMetrics.class));
    }

    @Test
    void bindsGaugesForServerAndClientWithAMeterRegistry() {
        this.runner.withUserConfiguration(Registry.class).run(context -> {
            assertThat(context).hasSingleBean(RemotingMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("remoting.semaphore.available").tag("side", "server").tag("kind", "async")
                    .gauge().value()).isEqualTo(7);
            assertThat(registry.get("remoting.semaphore.available").tag("side", "client").tag("kind", "oneway")
                    .gauge().value()).isEqualTo(5);
            assertThat(registry.get("remoting.calls.pending").tag("side", "server").gauge().value()).isZero();
            assertThat(registry.get("remoting.calls.pending").tag("side", "client").gauge().value()).isZero();
            assertThat(registry.get("remoting.connections").tag("side", "server").gauge().value()).isZero();
            assertThat(registry.get("remoting.events.dropped").tag("side", "client").functionCounter().count())
                    .isZero();
        });
    }

    @Test
    void bindsHandlerExecutorsPublicExecutorsAndNettyThreadsOnceStarted() {
        this.runner.withUserConfiguration(Registry.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("executor.active").tag("name", "send").gauge().value()).isZero();
            assertThat(registry.get("executor.pool.core").tag("name", "send").gauge().value()).isEqualTo(2);
            assertThat(registry.find("executor.active").tag("name", "remoting.server.public").gauge()).isNotNull();
            assertThat(registry.find("executor.active").tag("name", "remoting.client.public").gauge()).isNotNull();
            assertThat(registry.find("netty.eventexecutor.tasks.pending").gauges()).isNotEmpty();
            assertThat(registry.find("netty.allocator.memory.used").gauges()).isNotEmpty();
        });
    }

    @Test
    void timesRequestsOnBothSidesAndCollapsesUnknownCodes() {
        this.runner.withUserConfiguration(Registry.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            int port = context.getBean(NettyRemotingServer.class).localListenPort();
            RemotingCommand response = context.getBean(NettyRemotingClient.class)
                    .invokeSync("127.0.0.1:" + port, RemotingCommand.createRequestCommand(4242, null), 3000);
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
                    .get("remoting.server.requests").tag("side", "server").tag("code", "UNKNOWN")
                    .tag("response.code", "3").timer().count()).isEqualTo(1));
            assertThat(registry.find("remoting.server.requests").tag("code", "4242").timers()).isEmpty();
            // Recorded on the I/O thread right after it completed the call, so possibly after the caller woke.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
                    .get("remoting.client.requests").tag("side", "client").tag("code", "4242").tag("mode", "sync")
                    .tag("outcome", "ERROR_RESPONSE").tag("response.code", "3").timer().count()).isEqualTo(1));
        });
    }

    @Test
    void tagsClientCallsWithTheResponseCodeOrNoneWhenNoResponseCame() {
        this.runner.withUserConfiguration(Registry.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            server.registerProcessor(1, (ctx, request) -> RemotingCommand.createResponseCommand(
                    RemotingSysResponseCode.SUCCESS, null), null);
            NettyRemotingClient client = context.getBean(NettyRemotingClient.class);
            String addr = "127.0.0.1:" + server.localListenPort();

            client.invokeSync(addr, RemotingCommand.createRequestCommand(1, null), 3000);
            client.invokeOneway(addr, RemotingCommand.createRequestCommand(1, null), 3000);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(registry.get("remoting.client.requests").tag("code", "1").tag("mode", "sync")
                        .tag("outcome", "SUCCESS").tag("response.code", "0").timer().count()).isEqualTo(1);
                assertThat(registry.get("remoting.client.requests").tag("code", "1").tag("mode", "oneway")
                        .tag("outcome", "SUCCESS").tag("response.code", "NONE").timer().count()).isEqualTo(1);
            });
        });
    }

    @Test
    void namedClientsGetTheClientMetersTaggedWithTheirName() {
        this.runner.withUserConfiguration(Registry.class)
                .withPropertyValues("remoting.clients.audit.async-permits=3",
                        "remoting.clients.billing.oneway-permits=4")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(permits(registry, "audit", "async")).isEqualTo(3);
                    assertThat(permits(registry, "billing", "oneway")).isEqualTo(4);
                    assertThat(permits(registry, "default", "oneway")).isEqualTo(5);
                    assertThat(registry.get("remoting.semaphore.available").tag("side", "server")
                            .tag("client", RemotingMetrics.NO_CLIENT).tag("kind", "async").gauge().value())
                            .isEqualTo(7);
                    for (String client : List.of("default", "audit", "billing")) {
                        assertThat(registry.get("remoting.connections").tag("client", client).gauge().value())
                                .isZero();
                        assertThat(registry.get("remoting.calls.pending").tag("client", client).gauge()
                                .value()).isZero();
                        assertThat(registry.get("remoting.events.dropped").tag("client", client).functionCounter()
                                .count()).isZero();
                    }
                    assertThat(registry.find("executor.active").tag("name", "remoting.clients.audit.public")
                            .gauge()).isNotNull();
                    assertThat(registry.find("executor.active").tag("name", "remoting.clients.billing.public")
                            .gauge()).isNotNull();

                    int port = context.getBean(NettyRemotingServer.class).localListenPort();
                    context.getBean(RemotingClients.class).get("audit")
                            .invokeSync("127.0.0.1:" + port, RemotingCommand.createRequestCommand(4242, null), 3000);
                    // The caller may wake before the call is timed, which happens right after.
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                        assertThat(registry.get("remoting.client.requests").tag("side", "client")
                                .tag("client", "audit").tag("code", "4242").tag("mode", "sync").timer().count())
                                .isEqualTo(1);
                        assertThat(registry.get("remoting.server.requests").tag("side", "server")
                                .tag("client", RemotingMetrics.NO_CLIENT).timer().count()).isEqualTo(1);
                    });
                    assertThat(registry.find("remoting.client.requests").tag("client", "default").timers()).isEmpty();
                });
    }

    /** Prometheus drops or refuses a meter whose tag keys differ from those of another meter of the same name. */
    @Test
    void everyMeterOfOneNameHasTheSameTagKeysSoPrometheusScrapesThemAll() {
        this.runner.withUserConfiguration(PrometheusRegistry.class)
                .withPropertyValues("remoting.clients.audit.async-permits=3").run(context -> {
                    PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
                    int port = context.getBean(NettyRemotingServer.class).localListenPort();
                    RemotingCommand request = RemotingCommand.createRequestCommand(4242, null);
                    context.getBean(NettyRemotingClient.class).invokeSync("127.0.0.1:" + port, request, 3000);
                    context.getBean(RemotingClients.class).get("audit").invokeSync("127.0.0.1:" + port,
                            RemotingCommand.createRequestCommand(4242, null), 3000);
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                        assertThat(registry.get("remoting.server.requests").timer().count()).isEqualTo(2);
                        assertThat(registry.find("remoting.client.requests").timers()).hasSize(2);
                    });

                    Map<String, Set<Set<String>>> tagKeys = new TreeMap<>();
                    registry.getMeters().stream().filter(meter -> meter.getId().getName().startsWith("remoting."))
                            .forEach(meter -> tagKeys.computeIfAbsent(meter.getId().getName(), n -> new HashSet<>())
                                    .add(meter.getId().getTags().stream().map(Tag::getKey)
                                            .collect(Collectors.toSet())));
                    assertThat(tagKeys).allSatisfy((name, keys) -> assertThat(keys).as(name).hasSize(1));

                    String scrape = registry.scrape();
                    String permits = "remoting_semaphore_available_permits";
                    String clientCalls = "remoting_client_requests_seconds_count";
                    assertThat(scrape)
                            .contains(permits + "{client=\"audit\",kind=\"async\",side=\"client\"} 3.0")
                            .contains(permits + "{client=\"default\",kind=\"oneway\",side=\"client\"} 5.0")
                            .contains(permits + "{client=\"none\",kind=\"async\",side=\"server\"} 7.0")
                            .containsPattern(clientCalls + "\\{client=\"audit\",code=\"4242\",[^}]*} 1")
                            .containsPattern(clientCalls + "\\{client=\"default\",code=\"4242\",[^}]*} 1")
                            .containsPattern("remoting_server_requests_seconds_count\\{client=\"none\",[^}]*} 2");
                });
    }

    @Test
    void aServerOfAnotherImplementationGetsTheMetersOfTheInterface() {
        RemotingServer server = mock(RemotingServer.class);
        given(server.getConnectionCount()).willReturn(3);
        given(server.getResponseTableSize()).willReturn(2);
        given(server.getAvailableAsyncPermits()).willReturn(5);
        given(server.getAvailableOnewayPermits()).willReturn(6);
        given(server.getRefusedConnectionCount()).willReturn(4L);
        this.runner.withUserConfiguration(Registry.class).withBean("ownServer", RemotingServer.class, () -> server)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(NettyRemotingServer.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("remoting.connections").tag("side", "server").gauge().value())
                            .isEqualTo(3);
                    assertThat(registry.get("remoting.calls.pending").tag("side", "server").gauge().value())
                            .isEqualTo(2);
                    assertThat(registry.get("remoting.semaphore.available").tag("side", "server").tag("kind", "async")
                            .gauge().value()).isEqualTo(5);
                    assertThat(registry.get("remoting.semaphore.available").tag("side", "server")
                            .tag("kind", "oneway").gauge().value()).isEqualTo(6);
                    assertThat(registry.get("remoting.connections.refused").tag("side", "server").functionCounter()
                            .count()).isEqualTo(4);
                    assertThat(registry.find("executor.active").tag("name", "remoting.server.public").gauge())
                            .as("it has no public executor").isNull();
                    // Nothing but Boot's meter handler observes: the timers are recorded by the listener.
                    then(server).should().setMetricsListener(any(MicrometerRemotingMetricsListener.class));
                });
    }

    private static double permits(MeterRegistry registry, String client, String kind) {
        return registry.get("remoting.semaphore.available").tag("side", "client").tag("client", client)
                .tag("kind", kind).gauge().value();
    }

    @Configuration(proxyBeanMethods = false)
    static class PrometheusRegistry {

        @Bean
        PrometheusMeterRegistry meterRegistry() {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
