package dev.remoting.spring.boot.autoconfigure.actuate.endpoint;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import dev.remoting.spring.boot.autoconfigure.handler.RequestCodeHandlerRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code /actuator/remoting} endpoint, when Spring Boot
 * Actuator's auto-configuration is present.
 */
@AutoConfiguration(after = RemotingAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
public final class RemotingEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    RemotingEndpoint remotingEndpoint(ObjectProvider<RemotingServer> server,
            ObjectProvider<RemotingClient> client, ObjectProvider<RemotingClients> namedClients,
            ObjectProvider<RemotingExecutors> executors, ObjectProvider<RequestCodeHandlerRegistrar> registrar) {
        return new RemotingEndpoint(server, client, namedClients, executors, registrar);
    }
}
