package dev.remoting.spring.boot.autoconfigure.metrics;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import dev.remoting.spring.boot.autoconfigure.observation.RemotingCallObservations;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for remoting meters, when {@code spring-boot-micrometer-metrics}
 * is present and a {@link MeterRegistry} bean exists.
 */
@AutoConfiguration(after = {RemotingAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean(MeterRegistry.class)
public final class RemotingMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RemotingMetrics remotingMetrics(MeterRegistry registry, ObjectProvider<RemotingServer> servers,
            ObjectProvider<RemotingClient> clients, ObjectProvider<RemotingClients> namedClients,
            ObjectProvider<RemotingExecutors> executors, ObjectProvider<RemotingCallObservations> callObservations) {
        // Without the observation auto-configuration (an application's own registry set-up) nothing observes calls.
        return new RemotingMetrics(registry, servers, clients, namedClients, executors,
                callObservations.getIfAvailable(RemotingCallObservations::timers));
    }
}
