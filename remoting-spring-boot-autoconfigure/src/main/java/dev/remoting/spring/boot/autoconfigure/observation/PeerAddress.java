package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.InProcessAddress;
import org.jspecify.annotations.Nullable;

/**
 * A peer's address split into host and port: {@code host:port}, {@code [v6]:port}, or an in-process
 * {@code local:<name>}, which is all host and has no port.
 */
final class PeerAddress {

    private final String host;
    private final @Nullable String port;

    private PeerAddress(String host, @Nullable String port) {
        this.host = host;
        this.port = port;
    }

    static @Nullable PeerAddress parse(@Nullable String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
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
    static @Nullable String uri(@Nullable String address) {
        PeerAddress peer = parse(address);
        if (peer == null || peer.port == null) {
            return null;
        }
        String host = peer.host.indexOf(':') >= 0 ? "[" + peer.host + "]" : peer.host;
        return "remoting://" + host + ":" + peer.port;
    }
}
