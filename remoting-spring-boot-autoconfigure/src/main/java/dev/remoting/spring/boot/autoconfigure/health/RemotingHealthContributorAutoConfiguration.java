package dev.remoting.spring.boot.autoconfigure.health;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code remoting} health indicator, when
 * {@code spring-boot-health} is present (it needs no Actuator).
 */
@AutoConfiguration(after = RemotingAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
public final class RemotingHealthContributorAutoConfiguration {

    // The module's own condition sits on the method, not the class: a class-level condition naming a type of an
    // absent module fails introspection instead of backing off.
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledHealthIndicator("remoting")
    RemotingHealthIndicator remotingHealthIndicator(ObjectProvider<RemotingServer> server,
            ObjectProvider<RemotingClient> client, ObjectProvider<RemotingClients> namedClients) {
        return new RemotingHealthIndicator(server, client, namedClients);
    }
}
