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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.util.StringUtils;

/**
 * Turns {@link SslProperties} into Netty {@link SslContext}s on the core configs, with key material from PEM
 * properties or a Spring Boot SSL bundle. How the properties fit together was checked when they were bound
 * ({@link RemotingPropertiesValidator}); what only loading can find wrong (a bundle that is not configured, a file
 * that cannot be read) fails here, naming the property under the given {@code ssl} name.
 */
final class RemotingSsl {

    private static final Logger log = LoggerFactory.getLogger(RemotingSsl.class);

    private final ConfigurationPropertyName at;
    private final @Nullable SslBundles bundles;

    /** @param at where the settings are bound, e.g. {@code remoting.server.ssl} */
    RemotingSsl(ConfigurationPropertyName at, @Nullable SslBundles bundles) {
        this.at = at;
        this.bundles = bundles;
    }

    void configureServer(ServerSslProperties ssl, NettyServerConfig config) {
        boolean pem = StringUtils.hasText(ssl.getCertificate());
        boolean hasKey = StringUtils.hasText(ssl.getBundle()) || pem;
        TlsMode mode = ssl.getMode() != null ? ssl.getMode() : hasKey ? TlsMode.ENFORCING : TlsMode.DISABLED;
        if (mode == TlsMode.DISABLED) {
            config.setTlsMode(TlsMode.DISABLED);
            return;
        }
        SslContextBuilder builder;
        if (pem) {
            builder = SslContextBuilder.forServer(keyManagers(ssl));
            trustCertificates(ssl, builder);
        } else {
            SslBundle bundle = bundle(ssl);
            builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
                    .trustManager(bundle.getManagers().getTrustManagerFactory());
            applyOptions(builder, bundle.getOptions());
        }
        builder.clientAuth(ssl.getClientAuth() != null ? ssl.getClientAuth() : ClientAuth.NONE);
        config.setTlsMode(mode);
        config.setSslContext(build(pem ? "certificate" : "bundle", builder));
    }

    void configureClient(ClientSslProperties ssl, NettyClientConfig config) {
        if (!ssl.isEnabled()) {
            return;
        }
        boolean pem = StringUtils.hasText(ssl.getCertificate());
        boolean fromBundle = StringUtils.hasText(ssl.getBundle());
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (fromBundle) {
            SslBundle bundle = bundle(ssl);
            builder.keyManager(bundle.getManagers().getKeyManagerFactory())
                    .trustManager(bundle.getManagers().getTrustManagerFactory());
            applyOptions(builder, bundle.getOptions());
        } else {
            if (pem) {
                builder.keyManager(keyManagers(ssl));
            }
            trustCertificates(ssl, builder);
        }
        if (ssl.isTrustAll()) {
            log.warn("{} is set: server certificates are not verified, so the connections can be intercepted",
                    this.at.append("trust-all"));
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (Boolean.FALSE.equals(ssl.getVerifyHostname())) {
            log.warn("{} is false: any trusted certificate is accepted for any server",
                    this.at.append("verify-hostname"));
        }
        config.setUseTLS(true);
        if (ssl.getVerifyHostname() != null) {
            config.setVerifyHostname(ssl.getVerifyHostname());
        }
        config.setSslContext(build(fromBundle ? "bundle" : pem ? "certificate" : "trust-certificate", builder));
    }

    private SslBundle bundle(SslProperties ssl) {
        String name = ssl.getBundle();
        if (this.bundles == null) {
            throw invalid("bundle", name, "there are no SSL bundles (SslAutoConfiguration is not active)");
        }
        try {
            return this.bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw invalid("bundle", name, "no SSL bundle of that name is configured (spring.ssl.bundle.*); known: "
                    + this.bundles.getBundleNames());
        }
    }

    private KeyManagerFactory keyManagers(SslProperties ssl) {
        try {
            PemSslStoreDetails details = PemSslStoreDetails.forCertificates(ssl.getCertificate())
                    .withPrivateKey(ssl.getCertificatePrivateKey()).withPrivateKeyPassword(ssl.getPrivateKeyPassword());
            SslBundle bundle = SslBundle.of(new PemSslStoreBundle(details, null));
            bundle.getStores().getKeyStore();
            return bundle.getManagers().getKeyManagerFactory();
        } catch (RuntimeException e) {
            throw invalid("certificate", ssl.getCertificate(), "cannot be loaded with "
                    + this.at.append("certificate-private-key") + ": " + message(e));
        }
    }

    private void trustCertificates(SslProperties ssl, SslContextBuilder builder) {
        String certificates = ssl.getTrustCertificate();
        if (!StringUtils.hasText(certificates)) {
            return;
        }
        try {
            SslBundle bundle = SslBundle.of(new PemSslStoreBundle(null,
                    PemSslStoreDetails.forCertificates(certificates)));
            bundle.getStores().getTrustStore();
            builder.trustManager(bundle.getManagers().getTrustManagerFactory());
        } catch (RuntimeException e) {
            throw invalid("trust-certificate", certificates, "cannot be loaded: " + message(e));
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

    private SslContext build(String property, SslContextBuilder builder) {
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw invalid(property, null, "cannot make a TLS context: " + message(e));
        }
    }

    private InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
            String reason) {
        return new InvalidConfigurationPropertyValueException(this.at.append(property).toString(), value, reason);
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
