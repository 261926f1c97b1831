package dev.remoting.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * TLS settings of a client, under {@code remoting.client.ssl} or {@code remoting.clients.<name>.ssl}. Server
 * certificates are verified, and must name the host connected to, unless {@code trust-all} or
 * {@code verify-hostname: false} explicitly turn that off.
 */
public class ClientSslProperties extends SslProperties {

    /**
     * Whether the client connects with TLS.
     */
    private boolean enabled;

    /**
     * Whether the server's certificate must name the host connected to, as a DNS name or IP address.
     */
    private @Nullable Boolean verifyHostname;

    /**
     * Whether to accept any server certificate without verifying it, which lets anyone in the middle read and
     * change the traffic (for tests only).
     */
    private boolean trustAll;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable Boolean getVerifyHostname() {
        return this.verifyHostname;
    }

    public void setVerifyHostname(@Nullable Boolean verifyHostname) {
        this.verifyHostname = verifyHostname;
    }

    public boolean isTrustAll() {
        return this.trustAll;
    }

    public void setTrustAll(boolean trustAll) {
        this.trustAll = trustAll;
    }
}
