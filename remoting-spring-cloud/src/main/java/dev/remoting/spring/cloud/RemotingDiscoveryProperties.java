package dev.remoting.spring.cloud;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the clients that call a service ({@code remoting.client[s].service-id}) and of the registration of the
 * remoting port, under {@code remoting.discovery}.
 */
@ConfigurationProperties("remoting.discovery")
public class RemotingDiscoveryProperties {

    /**
     * How often the instances of each called service are read from the registry, to close the connections of those
     * that left; registries that announce changes are also read when they do.
     */
    private Duration refreshInterval = Duration.ofSeconds(5);

    /**
     * Whether the remoting server's port is put into this application's service registration (metadata key
     * remoting.port), and a registration that nothing else starts (no web server) is started once the server is bound.
     */
    private boolean register = true;

    public Duration getRefreshInterval() {
        return this.refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    public boolean isRegister() {
        return this.register;
    }

    public void setRegister(boolean register) {
        this.register = register;
    }
}
