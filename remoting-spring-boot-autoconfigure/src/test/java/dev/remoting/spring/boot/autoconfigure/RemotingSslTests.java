package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingException;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.TlsMode;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.test.TestCertificates;
import dev.remoting.test.TestCertificates.Authority;
import dev.remoting.test.TestCertificates.Issued;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code remoting.server.ssl} and {@code remoting.client.ssl}: the auto-configured server and client talk mutual TLS
 * with PEM files or Spring Boot SSL bundles made at test time, verification is on unless explicitly turned off, and
 * settings that cannot work fail start-up naming the property.
 */
class RemotingSslTests {

    private static final int WHO_AM_I = 77;

    @TempDir
    static Path dir;

    static Authority ca;
    static String caFile;
    static String serverCert;
    static String serverKey;
    static String encryptedServerKey;
    static String clientCert;
    static String clientKey;
    static String elsewhereCert;
    static String elsewhereKey;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1");

    @BeforeAll
    static void makeCertificates() {
        ca = TestCertificates.authority("starter test CA");
        caFile = ca.writeCertificate(dir, "ca.crt").toString();
        Issued server = ca.server("localhost", "127.0.0.1");
        serverCert = server.writeCertificate(dir, "server.crt").toString();
        serverKey = server.writeKey(dir, "server.key").toString();
        encryptedServerKey = server.writeEncryptedKey(dir, "server-encrypted.key", "s3cret").toString();
        Issued client = ca.client("starter client");
        clientCert = client.writeCertificate(dir, "client.crt").toString();
        clientKey = client.writeKey(dir, "client.key").toString();
        Issued elsewhere = ca.server("elsewhere.example");
        elsewhereCert = elsewhere.writeCertificate(dir, "elsewhere.crt").toString();
        elsewhereKey = elsewhere.writeKey(dir, "elsewhere.key").toString();
    }

    /** Registers a processor that answers "tls|client subject", calls it with the context's client, returns that. */
    private static String callWhoAmI(AssertableApplicationContext context) throws Exception {
        NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
        server.registerProcessor(WHO_AM_I, (ctx, request) -> {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            String subject = "none";
            if (ssl != null) {
                try {
                    subject = ((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0])
                            .getSubjectX500Principal().getName();
                } catch (SSLPeerUnverifiedException e) {
                    subject = "no client certificate";
                }
            }
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(((ssl != null) + "|" + subject).getBytes(StandardCharsets.UTF_8));
            return response;
        }, null);
        RemotingCommand response = context.getBean(NettyRemotingClient.class).invokeSync(address(context),
                RemotingCommand.createRequestCommand(WHO_AM_I, null), 5000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    private static String address(AssertableApplicationContext context) {
        return "127.0.0.1:" + context.getBean(NettyRemotingServer.class).localListenPort();
    }

    /** A plaintext client of our own, outside the context. */
    private static void assertPlaintextRefused(AssertableApplicationContext context) throws Exception {
        NettyClientConfig config = new NettyClientConfig();
        config.setClientCallbackExecutorThreads(1);
        config.setClientWorkerThreads(1);
        NettyRemotingClient plaintext = new NettyRemotingClient(config);
        plaintext.start();
        try {
            assertThatThrownBy(() -> plaintext.invokeSync(address(context),
                    RemotingCommand.createRequestCommand(WHO_AM_I, null), 5000)).isInstanceOf(RemotingException.class);
        } finally {
            plaintext.shutdown();
        }
    }

    @Test
    void mutualTlsFromPemFilesWithAnEncryptedServerKey() {
        this.runner.withPropertyValues("remoting.server.ssl.certificate=" + serverCert,
                "remoting.server.ssl.certificate-private-key=" + encryptedServerKey,
                "remoting.server.ssl.private-key-password=s3cret",
                "remoting.server.ssl.trust-certificate=file:" + caFile,
                "remoting.server.ssl.client-auth=require",
                "remoting.client.ssl.enabled=true",
                "remoting.client.ssl.trust-certificate=" + caFile,
                "remoting.client.ssl.certificate=" + clientCert,
                "remoting.client.ssl.certificate-private-key=" + clientKey).run(context -> {
                    assertThat(context).hasNotFailed();
                    NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
                    assertThat(server.getConfig().getTlsMode()).as("enforcing once a certificate is set")
                            .isEqualTo(TlsMode.ENFORCING);
                    assertThat(context.getBean(NettyRemotingClient.class).getConfig().isVerifyHostname()).isTrue();

                    assertThat(callWhoAmI(context)).startsWith("true|").contains("CN=starter client");
                    assertPlaintextRefused(context);
                });
    }

    @Test
    void mutualTlsFromSpringBootSslBundles() {
        this.runner.withPropertyValues(
                "spring.ssl.bundle.pem.remoting-server.keystore.certificate=" + serverCert,
                "spring.ssl.bundle.pem.remoting-server.keystore.private-key=" + serverKey,
                "spring.ssl.bundle.pem.remoting-server.truststore.certificate=" + caFile,
                "spring.ssl.bundle.pem.remoting-client.keystore.certificate=" + clientCert,
                "spring.ssl.bundle.pem.remoting-client.keystore.private-key=" + clientKey,
                "spring.ssl.bundle.pem.remoting-client.truststore.certificate=" + caFile,
                "remoting.server.ssl.bundle=remoting-server",
                "remoting.server.ssl.client-auth=require",
                "remoting.client.ssl.enabled=true",
                "remoting.client.ssl.bundle=remoting-client").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(NettyRemotingServer.class).getConfig().getTlsMode())
                            .isEqualTo(TlsMode.ENFORCING);

                    assertThat(callWhoAmI(context)).startsWith("true|").contains("CN=starter client");
                    assertPlaintextRefused(context);
                });
    }

    @Test
    void permissiveModeServesPlaintextToo() {
        this.runner.withPropertyValues("remoting.server.ssl.mode=permissive",
                "remoting.server.ssl.certificate=" + serverCert,
                "remoting.server.ssl.certificate-private-key=" + serverKey).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(callWhoAmI(context)).as("the context's client, without TLS").isEqualTo("false|none");
                });
    }

    @Test
    void aHostnameMismatchFailsUnlessVerificationIsTurnedOff() {
        ApplicationContextRunner elsewhere = this.runner.withPropertyValues(
                "remoting.server.ssl.certificate=" + elsewhereCert,
                "remoting.server.ssl.certificate-private-key=" + elsewhereKey,
                "remoting.client.ssl.enabled=true",
                "remoting.client.ssl.trust-certificate=" + caFile);
        elsewhere.run(context -> {
            assertThat(context).hasNotFailed();
            assertThatThrownBy(() -> callWhoAmI(context)).isInstanceOf(RemotingException.class)
                    .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
        });
        elsewhere.withPropertyValues("remoting.client.ssl.verify-hostname=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NettyRemotingClient.class).getConfig().isVerifyHostname()).isFalse();
            assertThat(callWhoAmI(context)).isEqualTo("true|no client certificate");
        });
    }

    @Test
    void anUntrustedServerFailsUnlessTrustAllIsSet() {
        ApplicationContextRunner untrusted = this.runner.withPropertyValues(
                "remoting.server.ssl.certificate=" + serverCert,
                "remoting.server.ssl.certificate-private-key=" + serverKey,
                "remoting.client.ssl.enabled=true");
        untrusted.run(context -> {
            assertThat(context).hasNotFailed();
            assertThatThrownBy(() -> callWhoAmI(context)).as("the JVM's trust store does not know the test CA")
                    .isInstanceOf(RemotingException.class).hasStackTraceContaining("PKIX path building failed");
        });
        untrusted.withPropertyValues("remoting.client.ssl.trust-all=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(callWhoAmI(context)).isEqualTo("true|no client certificate");
        });
    }

    @Test
    void withoutSslPropertiesNothingChanges() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NettyRemotingServer.class).getConfig().getTlsMode())
                    .isEqualTo(TlsMode.DISABLED);
            assertThat(context.getBean(NettyRemotingClient.class).getConfig().isUseTLS()).isFalse();
            assertThat(callWhoAmI(context)).isEqualTo("false|none");
        });
    }

    @SuppressWarnings("checkstyle:linelength") // one case per line: property | the property the error names
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            remoting.server.ssl.mode=enforcing                              | remoting.server.ssl.mode
            remoting.server.ssl.mode=permissive                             | remoting.server.ssl.mode
            remoting.server.ssl.certificate=SERVER_CERT                     | remoting.server.ssl.certificate-private-key
            remoting.server.ssl.certificate-private-key=SERVER_KEY          | remoting.server.ssl.certificate
            remoting.server.ssl.bundle=nope                                 | remoting.server.ssl.bundle
            remoting.server.ssl.client-auth=require                         | remoting.server.ssl.client-auth
            remoting.client.ssl.bundle=nope,remoting.client.ssl.enabled=true | remoting.client.ssl.bundle
            """)
    void settingsThatCannotWorkFailStartUpNamingTheProperty(String assignments, String property) {
        String[] values = assignments.replace("SERVER_CERT", serverCert).replace("SERVER_KEY", serverKey).split(",");
        this.runner.withPropertyValues(values).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(property);
        });
    }

    @Test
    void requiredClientCertificatesNeedTrustCertificates() {
        this.runner.withPropertyValues("remoting.server.ssl.certificate=" + serverCert,
                "remoting.server.ssl.certificate-private-key=" + serverKey,
                "remoting.server.ssl.client-auth=require").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("remoting.server.ssl.trust-certificate");
                });
    }

    @Test
    void aBundleAndPemFilesTogetherFailNamingTheBundle() {
        this.runner.withPropertyValues("spring.ssl.bundle.pem.b.truststore.certificate=" + caFile,
                "remoting.server.ssl.bundle=b", "remoting.server.ssl.certificate=" + serverCert,
                "remoting.server.ssl.certificate-private-key=" + serverKey).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("remoting.server.ssl.bundle");
                });
    }

    @Test
    void unreadableFilesFailNamingTheProperty() {
        this.runner.withPropertyValues("remoting.server.ssl.certificate=" + dir.resolve("missing.crt"),
                "remoting.server.ssl.certificate-private-key=" + serverKey).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("remoting.server.ssl.certificate")
                            .doesNotContain(": null");
                });
        this.runner.withPropertyValues("remoting.client.ssl.enabled=true",
                "remoting.client.ssl.trust-certificate=" + serverKey).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("remoting.client.ssl.trust-certificate")
                            .doesNotContain(": null");
                });
    }

    @Test
    void trustAllWithTrustCertificatesFailsNamingTrustAll() {
        this.runner.withPropertyValues("remoting.client.ssl.enabled=true", "remoting.client.ssl.trust-all=true",
                "remoting.client.ssl.trust-certificate=" + caFile).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("remoting.client.ssl.trust-all");
                });
    }

    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return String.join("\n", messages);
    }
}
