package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.InProcessAddress;
import dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationDocumentation.ClientHighCardinalityKeyNames;
import dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationDocumentation.ServerHighCardinalityKeyNames;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A peer's address split into host and port: {@code host:port}, {@code [v6]:port}, or an in-process
 * {@code local:<name>}, which is all host and has no port.
 * <p>
 * Immutable, and made once per distinct address through {@link #of}: every call on a connection has the same peer,
 * and its observation needs the peer's key values at start and at stop and its URI once, so parsing the address each
 * time cost more than anything else the conventions did. What the observations need is made here, once.
 */
final class PeerAddress {

    /**
     * How many addresses {@link #of} keeps. A server sees one address per connection, with an ephemeral port, so the
     * set only grows while connections come and go; once full it is emptied and fills again with the live ones.
     */
    static final int CACHE_SIZE = 4096;

    private static final ConcurrentMap<String, PeerAddress> CACHE = new ConcurrentHashMap<>();

    private final String host;
    private final @Nullable String port;
    private final @Nullable String uri;
    private final KeyValues asServer;
    private final KeyValues asClient;

    private PeerAddress(String host, @Nullable String port) {
        this.host = host;
        this.port = port;
        this.uri = port == null ? null
                : "remoting://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        this.asServer = keyValues(host, port, ClientHighCardinalityKeyNames.SERVER_ADDRESS,
                ClientHighCardinalityKeyNames.SERVER_PORT);
        this.asClient = keyValues(host, port, ServerHighCardinalityKeyNames.CLIENT_ADDRESS,
                ServerHighCardinalityKeyNames.CLIENT_PORT);
    }

    private static KeyValues keyValues(String host, @Nullable String port, KeyName hostKey, KeyName portKey) {
        return port == null ? KeyValues.of(hostKey.withValue(host))
                : KeyValues.of(hostKey.withValue(host), portKey.withValue(port));
    }

    /** The parsed address, from the cache when it has been seen before; {@code null} for no address. */
    static @Nullable PeerAddress of(@Nullable String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        PeerAddress peer = CACHE.get(address);
        if (peer == null) {
            peer = parse(address);
            // Not a strict bound (racing threads may each add one past it), only one that keeps the map small.
            if (CACHE.size() >= CACHE_SIZE) {
                CACHE.clear();
            }
            PeerAddress raced = CACHE.putIfAbsent(address, peer);
            if (raced != null) {
                peer = raced;
            }
        }
        return peer;
    }

    /** Parses the address without the cache. */
    static PeerAddress parse(String address) {
        if (InProcessAddress.isInProcess(address)) {
            return new PeerAddress(address, null);
        }
        int colon = address.lastIndexOf(':');
        // More than one colon without brackets is a bare IPv6 address, whose last part is no port.
        if (colon <= 0 || colon == address.length() - 1
                || (address.indexOf(':') != colon && !address.startsWith("["))) {
            return new PeerAddress(address, null);
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new PeerAddress(host, address.substring(colon + 1));
    }

    String host() {
        return this.host;
    }

    @Nullable String port() {
        return this.port;
    }

    /**
     * The address as a URI Micrometer's tracing handlers can take host and port from, or {@code null} when it has
     * no port (they would log a warning for each call).
     */
    @Nullable String uri() {
        return this.uri;
    }

    /** {@code server.address} and {@code server.port}, as far as the address tells them: the peer a client calls. */
    KeyValues asServer() {
        return this.asServer;
    }

    /** {@code client.address} and {@code client.port}, as far as the address tells them: the peer a server answers. */
    KeyValues asClient() {
        return this.asClient;
    }
}
