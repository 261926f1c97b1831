package dev.remoting.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * TLS settings of a client, under {@code remoting.client.ssl}. Server certificates are verified, and must name the
 * host connected to, unless {@code trust-all} or {@code verify-hostname: false} explicitly turn that off.
 */
public class ClientSslProperties {

    /**
     * Whether the client connects with TLS.
     */
    private boolean enabled = false;

    /**
     * Name of the Spring Boot SSL bundle that holds the certificates server certificates must chain up to and,
     * for mutual TLS, the client's key and certificate.
     */
    private @Nullable String bundle;

    /**
     * Location (file path or classpath: URL) or content of the client's PEM certificate chain, for mutual TLS.
     */
    private @Nullable String certificate;

    /**
     * Location or content of the PEM private key of the client's certificate.
     */
    private @Nullable String certificatePrivateKey;

    /**
     * Password of the private key, when it is encrypted.
     */
    private @Nullable String privateKeyPassword;

    /**
     * Location or content of the PEM certificates that server certificates must chain up to; the JVM's default
     * trust store when not set.
     */
    private @Nullable String trustCertificate;

    /**
     * Whether the server's certificate must name the host connected to, as a DNS name or IP address.
     */
    private boolean verifyHostname = true;

    /**
     * Whether to accept any server certificate without verifying it, which lets anyone in the middle read and
     * change the traffic (for tests only).
     */
    private boolean trustAll = false;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getBundle() {
        return this.bundle;
    }

    public void setBundle(@Nullable String bundle) {
        this.bundle = bundle;
    }

    public @Nullable String getCertificate() {
        return this.certificate;
    }

    public void setCertificate(@Nullable String certificate) {
        this.certificate = certificate;
    }

    public @Nullable String getCertificatePrivateKey() {
        return this.certificatePrivateKey;
    }

    public void setCertificatePrivateKey(@Nullable String certificatePrivateKey) {
        this.certificatePrivateKey = certificatePrivateKey;
    }

    public @Nullable String getPrivateKeyPassword() {
        return this.privateKeyPassword;
    }

    public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
        this.privateKeyPassword = privateKeyPassword;
    }

    public @Nullable String getTrustCertificate() {
        return this.trustCertificate;
    }

    public void setTrustCertificate(@Nullable String trustCertificate) {
        this.trustCertificate = trustCertificate;
    }

    public boolean isVerifyHostname() {
        return this.verifyHostname;
    }

    public void setVerifyHostname(boolean verifyHostname) {
        this.verifyHostname = verifyHostname;
    }

    public boolean isTrustAll() {
        return this.trustAll;
    }

    public void setTrustAll(boolean trustAll) {
        this.trustAll = trustAll;
    }
}
