package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationDocumentation.CommonLowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import java.util.Objects;

/**
 * A client's name and what the observations make of it: the {@code client} key value and the remote service name.
 * An interceptor serves one client, so it makes this once rather than each call making them (twice, for the key
 * value: Micrometer asks the convention at start and at stop).
 */
final class ClientName {

    private final String name;
    private final KeyValue keyValue;
    private final String remoteServiceName;

    private ClientName(String name) {
        this.name = name;
        this.keyValue = CommonLowCardinalityKeyNames.CLIENT.withValue(name);
        this.remoteServiceName = RemotingClients.DEFAULT_NAME.equals(name) ? "remoting" : "remoting-" + name;
    }

    static ClientName of(String name) {
        return new ClientName(Objects.requireNonNull(name, "clientName"));
    }

    String name() {
        return this.name;
    }

    /** {@code client=<name>}. */
    KeyValue keyValue() {
        return this.keyValue;
    }

    /**
     * The service a client's calls go to: {@code remoting} for the default client, {@code remoting-<name>} for a
     * named one, which stands for the cluster it calls.
     */
    String remoteServiceName() {
        return this.remoteServiceName;
    }
}
