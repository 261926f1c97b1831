package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.TlsMode;
import io.netty.handler.ssl.ClientAuth;
import org.jspecify.annotations.Nullable;

/** TLS settings of the server, under {@code remoting.server.ssl}: the key material and how the server uses it. */
public class ServerSslProperties extends SslProperties {

    /**
     * How the server treats TLS: disabled, permissive (plaintext and TLS clients on one port) or enforcing; defaults
     * to enforcing when a certificate or bundle is configured and to disabled otherwise.
     */
    private @Nullable TlsMode mode;

    /**
     * Whether clients must present a certificate: none (when not set), optional (verified when presented) or require.
     */
    private @Nullable ClientAuth clientAuth;

    public @Nullable TlsMode getMode() {
        return this.mode;
    }

    public void setMode(@Nullable TlsMode mode) {
        this.mode = mode;
    }

    public @Nullable ClientAuth getClientAuth() {
        return this.clientAuth;
    }

    public void setClientAuth(@Nullable ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }
}
