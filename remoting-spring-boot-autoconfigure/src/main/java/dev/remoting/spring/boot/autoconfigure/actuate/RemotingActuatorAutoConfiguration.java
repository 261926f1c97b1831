package dev.remoting.spring.boot.autoconfigure.actuate;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import dev.remoting.spring.boot.autoconfigure.handler.RequestCodeHandlerRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code remoting} health indicator and the
 * {@code /actuator/remoting} endpoint, when Spring Boot Actuator is present.
 */
@AutoConfiguration(after = RemotingAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
public class RemotingActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "remotingHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("remoting")
    RemotingHealthIndicator remotingHealthIndicator(ObjectProvider<RemotingServer> server,
            ObjectProvider<RemotingClient> client, ObjectProvider<RemotingClients> namedClients) {
        return new RemotingHealthIndicator(server, client, namedClients);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    RemotingActuatorEndpoint remotingActuatorEndpoint(ObjectProvider<NettyRemotingServer> server,
            ObjectProvider<NettyRemotingClient> client, ObjectProvider<RemotingClients> namedClients,
            ObjectProvider<RemotingExecutors> executors, ObjectProvider<RequestCodeHandlerRegistrar> registrar) {
        return new RemotingActuatorEndpoint(server, client, namedClients, executors, registrar);
    }
}
