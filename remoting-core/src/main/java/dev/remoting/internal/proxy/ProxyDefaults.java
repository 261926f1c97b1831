package dev.remoting.internal.proxy;

import dev.remoting.RemotingClient;
import dev.remoting.codec.BodyCodec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a factory gives every proxy it makes: the client to call through, the codec of typed bodies, and the timeout
 * and address of methods whose annotations name none.
 *
 * @param address {@code null} for the client's name servers
 */
public record ProxyDefaults(RemotingClient client, BodyCodec codec, long timeoutMillis, @Nullable String address) {

    public ProxyDefaults {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(codec, "codec");
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
        }
    }
}
