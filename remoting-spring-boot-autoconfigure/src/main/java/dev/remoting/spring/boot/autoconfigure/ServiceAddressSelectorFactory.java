package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.AddressSelector;
import dev.remoting.RemotingClient;

/**
 * Makes the {@link AddressSelector} of a client that calls a service ({@code remoting.client.service-id} or
 * {@code remoting.clients.<name>.service-id}) rather than name servers: the instance each call goes to. The module
 * {@code remoting-spring-cloud} provides one over Spring Cloud's discovery and load balancing; without a bean of this
 * type a client with a service id fails start-up.
 */
@FunctionalInterface
public interface ServiceAddressSelectorFactory {

    /**
     * Makes the selector of one client, which is built but not started.
     *
     * @param clientName {@link RemotingClients#DEFAULT_NAME} or the name under {@code remoting.clients}
     * @param serviceId the service whose instances serve the client's calls
     * @param client the client, to retire the connections of instances that leave
     *        ({@link RemotingClient#retireChannels})
     */
    AddressSelector create(String clientName, String serviceId, RemotingClient client);
}
