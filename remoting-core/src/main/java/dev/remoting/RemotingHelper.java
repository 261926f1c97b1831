package dev.remoting;

import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Small channel utilities shared by both sides.
 */
public final class RemotingHelper {

    private static final AttributeKey<String> REMOTE_ADDRESS = AttributeKey.valueOf("remoting.remoteAddress");

    /**
     * When a connection of ours last read or wrote, as {@link System#nanoTime()}; the transport keeps it up to date.
     */
    public static final AttributeKey<AtomicLong> LAST_ACTIVITY_NANOS = AttributeKey.valueOf("remoting.lastActivity");

    private RemotingHelper() {
    }

    /**
     * Returns the peer as {@code host:port} (no leading slash), or {@code local:<name>} for an in-process connection
     * ({@link InProcessAddress}; a server sees each client under a name Netty made up), or an empty string when
     * unknown. Behind a proxy that sent a PROXY protocol header, the peer is the client the header names (see
     * {@link ProxyProtocol}).
     */
    public static String parseChannelRemoteAddr(@Nullable Channel channel) {
        if (channel == null) {
            return "";
        }
        // Asked for on every request (hooks, logs, metrics): formatting it once per connection saves the garbage.
        Attribute<String> cache = channel.attr(REMOTE_ADDRESS);
        String addr = cache.get();
        if (addr == null) {
            String proxied = ProxyProtocol.sourceAddress(channel);
            addr = proxied != null ? proxied : parseSocketAddress(channel.remoteAddress());
            if (!addr.isEmpty()) {
                cache.set(addr);
            }
        }
        return addr;
    }

    /** Returns the milliseconds since the channel last read or wrote, or -1 for a channel not made by us. */
    public static long idleMillis(Channel channel) {
        AtomicLong last = channel.hasAttr(LAST_ACTIVITY_NANOS) ? channel.attr(LAST_ACTIVITY_NANOS).get() : null;
        return last == null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last.get());
    }

    /** Drops the cached address; the transport calls this once a PROXY header has said who the peer really is. */
    public static void forgetRemoteAddr(Channel channel) {
        channel.attr(REMOTE_ADDRESS).set(null);
    }

    /**
     * Returns the address as {@code host:port} (IPv6 hosts in brackets), any other kind (such as Netty's in-process
     * {@code LocalAddress}, {@code local:<name>}) as its {@code toString()}, or an empty string for {@code null}.
     */
    public static String parseSocketAddress(@Nullable SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address == null ? "" : address.toString();
    }

    /**
     * Parses {@code host:port} (IPv6 hosts in brackets) into an unresolved socket address; an
     * {@linkplain InProcessAddress in-process address} is not one and fails like any other that is not host:port.
     */
    public static InetSocketAddress string2SocketAddress(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon <= 0 || colon == addr.length() - 1) {
            throw new IllegalArgumentException("address must be host:port, got '" + addr + "'");
        }
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address must be host:port, got '" + addr + "'", e);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
