package dev.remoting.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The TLS key material of a server or client, under {@code remoting.server.ssl}, {@code remoting.client.ssl} or
 * {@code remoting.clients.<name>.ssl}: from PEM properties or from a Spring Boot SSL bundle
 * ({@code spring.ssl.bundle.*}), not both. {@link ServerSslProperties} and {@link ClientSslProperties} add what only
 * one side has.
 */
public abstract class SslProperties {

    /**
     * Name of the Spring Boot SSL bundle that holds this side's key and certificate and the certificates the peer's
     * must chain up to.
     */
    private @Nullable String bundle;

    /**
     * Location (file path or classpath: URL) or content of this side's PEM certificate chain; a client needs one only
     * for mutual TLS.
     */
    private @Nullable String certificate;

    /**
     * Location or content of the PEM private key of the certificate.
     */
    private @Nullable String certificatePrivateKey;

    /**
     * Password of the private key, when it is encrypted.
     */
    private @Nullable String privateKeyPassword;

    /**
     * Location or content of the PEM certificates that the peer's certificate must chain up to; a client uses the
     * JVM's default trust store when it is not set.
     */
    private @Nullable String trustCertificate;

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
}
