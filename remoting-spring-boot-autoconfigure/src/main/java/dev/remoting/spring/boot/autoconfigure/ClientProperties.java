package dev.remoting.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of a client, under {@code remoting.client} or {@code remoting.clients.<name>}: those of every side
 * ({@link TransportProperties}) and the client's own.
 */
public class ClientProperties extends TransportProperties {

    /**
     * Name-server addresses as host:port, or local:NAME for a server bound in-process under NAME in the same JVM,
     * used by calls made with a null address.
     */
    private List<String> nameServers = new ArrayList<>();

    /**
     * Service whose instances serve calls made with a null address, found through Spring Cloud discovery (module
     * remoting-spring-cloud); instead of name-servers.
     */
    private @Nullable String serviceId;

    /**
     * Longest time to wait for a connection to be established.
     */
    private @Nullable Duration connectTimeout;

    /**
     * Whether a sync call that times out closes its connection, failing the other calls on it; off unless set, the
     * starter's own default, while the core keeps RocketMQ's (on).
     */
    // The starter's own default, not the core's: deadlines are exact and late responses are dropped, so closing
    // only makes one slow call fail every other call in flight on the connection.
    private boolean closeSocketIfTimeout = false;

    /**
     * Timeout of declarative client calls whose @RemotingExchange names none.
     */
    // Null when unset, so that RemotingClientProxyFactory.DEFAULT_TIMEOUT stays the one default.
    private @Nullable Duration defaultTimeout;

    @NestedConfigurationProperty
    private final ClientSslProperties ssl = new ClientSslProperties();

    @NestedConfigurationProperty
    private final ClientAuthProperties auth = new ClientAuthProperties();

    public List<String> getNameServers() {
        return this.nameServers;
    }

    public void setNameServers(List<String> nameServers) {
        this.nameServers = nameServers;
    }

    public @Nullable String getServiceId() {
        return this.serviceId;
    }

    public void setServiceId(@Nullable String serviceId) {
        this.serviceId = serviceId;
    }

    public @Nullable Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(@Nullable Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public boolean isCloseSocketIfTimeout() {
        return this.closeSocketIfTimeout;
    }

    public void setCloseSocketIfTimeout(boolean closeSocketIfTimeout) {
        this.closeSocketIfTimeout = closeSocketIfTimeout;
    }

    public @Nullable Duration getDefaultTimeout() {
        return this.defaultTimeout;
    }

    public void setDefaultTimeout(@Nullable Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    public ClientSslProperties getSsl() {
        return this.ssl;
    }

    public ClientAuthProperties getAuth() {
        return this.auth;
    }
}
