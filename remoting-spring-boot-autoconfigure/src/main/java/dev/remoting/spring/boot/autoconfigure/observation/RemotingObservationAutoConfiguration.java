package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for an observation of every call the auto-configured server and
 * clients make or answer, when {@code spring-boot-micrometer-observation} is present and an
 * {@link ObservationRegistry} bean exists. Boot's handlers make of them the {@code remoting.client.requests} and
 * {@code remoting.server.requests} timers (with {@code spring-boot-micrometer-metrics}) and spans that cross to the
 * peer in the request's extFields (with a tracer). {@code management.observations.enable.remoting=false} turns them
 * off; a {@link RemotingClientObservationConvention} or {@link RemotingServerObservationConvention} bean renames or
 * retags them. When nothing but Micrometer's meter handler would see them, calls are not observed and the timers are
 * recorded directly ({@link RemotingCallObservations}).
 */
@AutoConfiguration(after = ObservationAutoConfiguration.class, before = RemotingAutoConfiguration.class)
@ConditionalOnClass({ObservationRegistry.class, ObservationAutoConfiguration.class})
@ConditionalOnBean(ObservationRegistry.class)
public final class RemotingObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RemotingCallObservations remotingCallObservations(ObservationRegistry registry,
            ObjectProvider<ObservationHandler<?>> handlers,
            ObjectProvider<RemotingClientObservationConvention> clientConvention,
            ObjectProvider<RemotingServerObservationConvention> serverConvention,
            ObjectProvider<ObservationPredicate> predicates, ObjectProvider<ObservationFilter> filters,
            ObjectProvider<GlobalObservationConvention<?>> globalConventions,
            ObjectProvider<ObservationProperties> properties) {
        boolean conventions = clientConvention.getIfAvailable() != null || serverConvention.getIfAvailable() != null;
        return RemotingCallObservations.of(registry, handlers.orderedStream().toList(), conventions,
                predicates.orderedStream().toList(), filters.orderedStream().toList(),
                globalConventions.orderedStream().toList(), properties.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    ObservationRemotingInterceptorFactory remotingObservationInterceptorFactory(ObservationRegistry registry,
            RemotingCallObservations callObservations,
            ObjectProvider<RemotingClientObservationConvention> clientConvention,
            ObjectProvider<RemotingServerObservationConvention> serverConvention) {
        // Not observed: the no-op registry, for which the factory makes no interceptor (the timers are recorded
        // directly, see RemotingMetrics).
        return new ObservationRemotingInterceptorFactory(
                callObservations.isObserved() ? registry : ObservationRegistry.NOOP,
                clientConvention.getIfAvailable(), serverConvention.getIfAvailable());
    }
}
