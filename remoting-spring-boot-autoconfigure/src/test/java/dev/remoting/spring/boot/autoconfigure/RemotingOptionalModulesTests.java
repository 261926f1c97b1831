package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpointAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.health.RemotingHealthContributorAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.health.RemotingHealthIndicator;
import dev.remoting.spring.boot.autoconfigure.metrics.RemotingMetrics;
import dev.remoting.spring.boot.autoconfigure.metrics.RemotingMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every auto-configuration of the starter is listed, as in an application; each optional Spring Boot module that is
 * missing from the class path turns off the one that builds on it, and only that one.
 */
class RemotingOptionalModulesTests {

    private static final String HEALTH = "org.springframework.boot.health";
    private static final String ACTUATOR = "org.springframework.boot.actuate";
    private static final String METRICS = "org.springframework.boot.micrometer";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class,
                    RemotingHealthContributorAutoConfiguration.class, RemotingEndpointAutoConfiguration.class,
                    RemotingMetricsAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "management.endpoints.web.exposure.include=remoting");

    @Test
    void withoutActuatorHealthOrMetricsTheServerAndClientStillRun() {
        this.runner.withClassLoader(new FilteredClassLoader(HEALTH, ACTUATOR, METRICS)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(NettyRemotingServer.class)
                    .hasSingleBean(NettyRemotingClient.class);
            assertThat(context.getBean(NettyRemotingServer.class).localListenPort()).isPositive();
            assertThat(context).doesNotHaveBean(RemotingHealthIndicator.class)
                    .doesNotHaveBean(RemotingEndpoint.class).doesNotHaveBean(RemotingMetrics.class);
        });
    }

    @Test
    void withSpringBootHealthOnlyTheHealthIndicatorIsAdded() {
        this.runner.withClassLoader(new FilteredClassLoader(ACTUATOR, METRICS))
                .withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RemotingHealthIndicator.class)
                        .doesNotHaveBean(RemotingEndpoint.class).doesNotHaveBean(RemotingMetrics.class));
    }

    @Test
    void withMicrometerMetricsOnlyTheMetersAreAdded() {
        this.runner.withClassLoader(new FilteredClassLoader(HEALTH, ACTUATOR))
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RemotingMetrics.class)
                            .doesNotHaveBean(RemotingHealthIndicator.class).doesNotHaveBean(RemotingEndpoint.class);
                    assertThat(context.getBean(MeterRegistry.class).find("remoting.connections").gauges())
                            .isNotEmpty();
                });
    }

    @Test
    void withEverythingPresentHealthEndpointAndMetersAreAllAdded() {
        this.runner.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
                EndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RemotingHealthIndicator.class)
                        .hasSingleBean(RemotingEndpoint.class).hasSingleBean(RemotingMetrics.class));
    }
}
