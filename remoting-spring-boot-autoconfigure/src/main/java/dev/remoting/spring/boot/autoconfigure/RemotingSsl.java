package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.netty.TlsMode;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.Arrays;
import java.util.StringJoiner;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.util.StringUtils;

/**
 * Turns {@code remoting.server.ssl} and {@code remoting.client.ssl} into Netty {@link SslContext}s on the core
 * configs: key material from PEM properties or a Spring Boot SSL bundle, and settings that cannot work together
 * failing start-up with a message that names the property.
 */
final class RemotingSsl {

    private static final Logger log = LoggerFactory.getLogger(RemotingSsl.class);

    private RemotingSsl() {
    }

    /** @param prefix the property prefix, e.g. "remoting.server.ssl." */
    static void configureServer(String prefix, ServerSslProperties ssl, @Nullable SslBundles bundles,
            NettyServerConfig config) {
        boolean pem = checkSources(prefix, ssl.getBundle(), ssl.getCertificate(), ssl.getCertificatePrivateKey(),
                ssl.getTrustCertificate());
        boolean hasKey = StringUtils.hasText(ssl.getBundle()) || pem;
        TlsMode mode = ssl.getMode() != null ? ssl.getMode() : hasKey ? TlsMode.ENFORCING : TlsMode.DISABLED;
        ClientAuth clientAuth = ssl.getClientAuth() != null ? ssl.getClientAuth() : ClientAuth.NONE;
        if (mode == TlsMode.DISABLED) {
            if (clientAuth != ClientAuth.NONE) {
                throw new InvalidConfigurationPropertyValueException(prefix + "client-auth", clientAuth,
                        "has no effect while " + prefix + "mode is disabled");
            }
            config.setTlsMode(TlsMode.DISABLED);
            return;
        }
        if (!hasKey) {
            throw new InvalidConfigurationPropertyValueException(prefix + "mode", mode, "needs a certificate: set "
                    + prefix + "certificate and " + prefix + "certificate-private-key, or " + prefix + "bundle");
        }
        if (clientAuth != ClientAuth.NONE && !StringUtils.hasText(ssl.getBundle())
                && !StringUtils.hasText(ssl.getTrustCertificate())) {
            throw new InvalidConfigurationPropertyValueException(prefix + "trust-certificate", null,
                    "must be set when " + prefix + "client-auth is " + clientAuth.name().toLowerCase()
                            + ": client certificates must chain up to it");
        }
        SslContextBuilder builder;
        if (pem) {
            builder = SslContextBuilder.forServer(keyManagers(prefix, ssl.getCertificate(),
                    ssl.getCertificatePrivateKey(), ssl.getPrivateKeyPassword()));
            if (StringUtils.hasText(ssl.getTrustCertificate())) {
                builder.trustManager(trustManagers(prefix, ssl.getTrustCertificate()));
            }
        } else {
            SslBundle bundle = bundle(prefix, ssl.getBundle(), bundles);
            builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
                    .trustManager(bundle.getManagers().getTrustManagerFactory());
            applyOptions(builder, bundle.getOptions());
        }
        builder.clientAuth(clientAuth);
        config.setTlsMode(mode);
        config.setSslContext(build(prefix + (pem ? "certificate" : "bundle"), builder));
    }

    /** @param prefix the property prefix, e.g. "remoting.client.ssl." */
    static void configureClient(String prefix, ClientSslProperties ssl, @Nullable SslBundles bundles,
            NettyClientConfig config) {
        if (!ssl.isEnabled()) {
            return;
        }
        boolean pem = checkSources(prefix, ssl.getBundle(), ssl.getCertificate(), ssl.getCertificatePrivateKey(),
                null);
        if (ssl.isTrustAll() && StringUtils.hasText(ssl.getTrustCertificate())) {
            throw new InvalidConfigurationPropertyValueException(prefix + "trust-all", true,
                    "cannot be combined with " + prefix + "trust-certificate");
        }
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (StringUtils.hasText(ssl.getBundle())) {
            SslBundle bundle = bundle(prefix, ssl.getBundle(), bundles);
            builder.keyManager(bundle.getManagers().getKeyManagerFactory())
                    .trustManager(bundle.getManagers().getTrustManagerFactory());
            applyOptions(builder, bundle.getOptions());
        } else {
            if (pem) {
                builder.keyManager(keyManagers(prefix, ssl.getCertificate(), ssl.getCertificatePrivateKey(),
                        ssl.getPrivateKeyPassword()));
            }
            if (StringUtils.hasText(ssl.getTrustCertificate())) {
                builder.trustManager(trustManagers(prefix, ssl.getTrustCertificate()));
            }
        }
        if (ssl.isTrustAll()) {
            log.warn("{}trust-all is set: server certificates are not verified, so the connections can be "
                    + "intercepted", prefix);
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (!ssl.isVerifyHostname()) {
            log.warn("{}verify-hostname is false: any trusted certificate is accepted for any server", prefix);
        }
        config.setUseTLS(true);
        config.setVerifyHostname(ssl.isVerifyHostname());
        config.setSslContext(build(prefix + (StringUtils.hasText(ssl.getBundle()) ? "bundle"
                : pem ? "certificate" : "trust-certificate"), builder));
    }

    /**
     * Checks that key material comes from one source and that a PEM certificate comes with its key; returns whether
     * a PEM certificate is configured.
     */
    private static boolean checkSources(String prefix, @Nullable String bundle, @Nullable String certificate,
            @Nullable String privateKey, @Nullable String trustCertificate) {
        boolean hasCertificate = StringUtils.hasText(certificate);
        boolean hasKey = StringUtils.hasText(privateKey);
        if (StringUtils.hasText(bundle) && (hasCertificate || hasKey || StringUtils.hasText(trustCertificate))) {
            throw new InvalidConfigurationPropertyValueException(prefix + "bundle", bundle, "cannot be combined with "
                    + prefix + "certificate, certificate-private-key or trust-certificate");
        }
        if (hasCertificate && !hasKey) {
            throw new InvalidConfigurationPropertyValueException(prefix + "certificate-private-key", null,
                    "must be set together with " + prefix + "certificate");
        }
        if (hasKey && !hasCertificate) {
            throw new InvalidConfigurationPropertyValueException(prefix + "certificate", null,
                    "must be set together with " + prefix + "certificate-private-key");
        }
        return hasCertificate;
    }

    private static SslBundle bundle(String prefix, String name, @Nullable SslBundles bundles) {
        if (bundles == null) {
            throw new InvalidConfigurationPropertyValueException(prefix + "bundle", name,
                    "there are no SSL bundles (SslAutoConfiguration is not active)");
        }
        try {
            return bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new InvalidConfigurationPropertyValueException(prefix + "bundle", name,
                    "no SSL bundle of that name is configured (spring.ssl.bundle.*); known: "
                            + bundles.getBundleNames());
        }
    }

    private static KeyManagerFactory keyManagers(String prefix, String certificate, String privateKey,
            @Nullable String password) {
        try {
            PemSslStoreDetails details = PemSslStoreDetails.forCertificates(certificate).withPrivateKey(privateKey)
                    .withPrivateKeyPassword(password);
            SslBundle bundle = SslBundle.of(new PemSslStoreBundle(details, null));
            bundle.getStores().getKeyStore();
            return bundle.getManagers().getKeyManagerFactory();
        } catch (RuntimeException e) {
            throw new InvalidConfigurationPropertyValueException(prefix + "certificate", certificate,
                    "cannot be loaded with " + prefix + "certificate-private-key: " + message(e));
        }
    }

    private static TrustManagerFactory trustManagers(String prefix, String certificates) {
        try {
            SslBundle bundle = SslBundle.of(new PemSslStoreBundle(null,
                    PemSslStoreDetails.forCertificates(certificates)));
            bundle.getStores().getTrustStore();
            return bundle.getManagers().getTrustManagerFactory();
        } catch (RuntimeException e) {
            throw new InvalidConfigurationPropertyValueException(prefix + "trust-certificate", certificates,
                    "cannot be loaded: " + message(e));
        }
    }

    private static void applyOptions(SslContextBuilder builder, @Nullable SslOptions options) {
        if (options == null) {
            return;
        }
        if (options.getCiphers() != null) {
            builder.ciphers(Arrays.asList(options.getCiphers()));
        }
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
    }

    private static SslContext build(String property, SslContextBuilder builder) {
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new InvalidConfigurationPropertyValueException(property, null,
                    "cannot make a TLS context: " + message(e));
        }
    }

    /**
     * The messages of the exception and its causes, outermost first: the innermost one says what is wrong with the
     * file. An exception without any message is named by its type, never as "null".
     */
    private static String message(Throwable e) {
        StringJoiner messages = new StringJoiner("; ");
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                messages.add(t.getMessage());
            }
        }
        return messages.length() > 0 ? messages.toString() : e.toString();
    }
}
