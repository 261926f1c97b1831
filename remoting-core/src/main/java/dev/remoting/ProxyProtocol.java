package dev.remoting;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * What the server learned from an HAProxy PROXY protocol header (v1 or v2) at the start of a connection, kept as
 * channel attributes under RocketMQ's names. When a header named the client,
 * {@link RemotingHelper#parseChannelRemoteAddr} returns the client's {@code address:port} instead of the proxy's, so
 * handlers, hooks, events, logs and monitoring all see the real peer.
 */
public final class ProxyProtocol {

    /** Source (client) address from the PROXY header. */
    public static final AttributeKey<String> ADDRESS = AttributeKey.valueOf("proxy_protocol_addr");

    /** Source (client) port from the PROXY header. */
    public static final AttributeKey<String> PORT = AttributeKey.valueOf("proxy_protocol_port");

    /** Destination address (the address the client connected to at the proxy). */
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.valueOf("proxy_protocol_server_addr");

    /** Destination port (the port the client connected to at the proxy). */
    public static final AttributeKey<String> SERVER_PORT = AttributeKey.valueOf("proxy_protocol_server_port");

    /** Prefix of the attributes that hold printable-ASCII v2 TLVs, followed by the type as {@code 0x<hh>}. */
    public static final String TLV_PREFIX = "proxy_protocol_tlv_0x";

    private ProxyProtocol() {
    }

    /** Returns the client's {@code host:port} from a PROXY header (IPv6 hosts in brackets), or null if none. */
    public static @Nullable String sourceAddress(@Nullable Channel channel) {
        if (channel == null || !channel.hasAttr(ADDRESS)) {
            return null;
        }
        String host = channel.attr(ADDRESS).get();
        String port = channel.attr(PORT).get();
        if (host == null || port == null) {
            return null;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Returns the attribute key under which a TLV of the given type is kept. */
    public static AttributeKey<String> tlvKey(int type) {
        return AttributeKey.valueOf(TLV_PREFIX + String.format("%02x", type & 0xFF));
    }
}
