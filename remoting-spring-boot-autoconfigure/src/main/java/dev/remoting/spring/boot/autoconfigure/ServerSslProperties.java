package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.TlsMode;
import io.netty.handler.ssl.ClientAuth;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings of the server, under {@code remoting.server.ssl}. The key material comes either from PEM properties
 * or from a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}), not both.
 */
public class ServerSslProperties {

    /**
     * How the server treats TLS: disabled, permissive (plaintext and TLS clients on one port) or enforcing; defaults
     * to enforcing when a certificate or bundle is configured and to disabled otherwise.
     */
    private @Nullable TlsMode mode;

    /**
     * Name of the Spring Boot SSL bundle that holds the server's key and certificate, and the certificates client
     * certificates must chain up to.
     */
    private @Nullable String bundle;

    /**
     * Location (file path or classpath: URL) or content of the server's PEM certificate chain.
     */
    private @Nullable String certificate;

    /**
     * Location or content of the PEM private key of the server's certificate.
     */
    private @Nullable String certificatePrivateKey;

    /**
     * Password of the private key, when it is encrypted.
     */
    private @Nullable String privateKeyPassword;

    /**
     * Location or content of the PEM certificates that client certificates must chain up to.
     */
    private @Nullable String trustCertificate;

    /**
     * Whether clients must present a certificate: none, optional (verified when presented) or require.
     */
    private ClientAuth clientAuth = ClientAuth.NONE;

    public @Nullable TlsMode getMode() {
        return this.mode;
    }

    public void setMode(@Nullable TlsMode mode) {
        this.mode = mode;
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

    public ClientAuth getClientAuth() {
        return this.clientAuth;
    }

    public void setClientAuth(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }
}
