package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static dev.remoting.netty.TlsFixture.assertHandshakeFailed;
import static dev.remoting.netty.TlsFixture.serverConfig;
import static dev.remoting.netty.TlsFixture.serverContext;
import static dev.remoting.netty.TlsFixture.tlsClientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.test.TestCertificates.Issued;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Host-name verification by our client, the same on Netty 4.1 and 4.2 although their client contexts are not:
 * {@code SslContextBuilder.forClient()} turns endpoint identification on by default from 4.2 on and leaves it off in
 * 4.1. The client sets it on every connection from {@code NettyClientConfig.verifyHostname} (on by default), so each
 * test runs with the context as Netty builds it and with contexts that force it on and off themselves.
 */
@ExtendWith(ProvokedLogs.class)
class HostnameVerificationTest {

    private static final TlsFixture certs = new TlsFixture();
    /** Trusted, but it names neither 127.0.0.1 nor localhost. */
    private static final Issued elsewhere = certs.ca.server("elsewhere.example");
    private static final String MISMATCH = "No subject alternative names matching IP address 127.0.0.1";

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** How the client's SslContext itself sets endpoint identification, before the client overrides it. */
    enum ContextSetting {
        /** As {@code SslContextBuilder.forClient()} leaves it: on with Netty 4.2, off with 4.1. */
        NETTY_DEFAULT(null),
        VERIFYING("HTTPS"),
        NOT_VERIFYING("");

        private final String algorithm;

        ContextSetting(String algorithm) {
            this.algorithm = algorithm;
        }

        SslContext clientContext() throws SSLException {
            SslContext context = TlsFixture.clientContext(certs.ca, null);
            if (algorithm == null) {
                return context;
            }
            return new DelegatingSslContext(context) {
                @Override
                protected void initEngine(SSLEngine engine) {
                    SSLParameters parameters = engine.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm(algorithm);
                    engine.setSSLParameters(parameters);
                }
            };
        }
    }

    private NettyRemotingServer server(Issued certificate) throws SSLException {
        return fixture.server(serverConfig(TlsMode.ENFORCING, serverContext(certificate, null, ClientAuth.NONE)),
                s -> {
                });
    }

    private NettyRemotingClient client(ContextSetting setting, boolean verifyHostname) throws SSLException {
        NettyClientConfig config = tlsClientConfig(setting.clientContext());
        config.setVerifyHostname(verifyHostname);
        return fixture.client(config);
    }

    /** The endpoint identification algorithm of the client's one connection, as its TLS engine has it. */
    private static String endpointIdentification(NettyRemotingClient client) {
        Channel channel = client.getChannels().values().iterator().next();
        SSLEngine engine = channel.pipeline().get(SslHandler.class).engine();
        return engine.getSSLParameters().getEndpointIdentificationAlgorithm();
    }

    @Test
    void verificationIsOnByDefault() {
        assertThat(new NettyClientConfig().isVerifyHostname()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ContextSetting.class)
    void withVerificationOnACertificateThatNamesTheAddressConnects(ContextSetting setting) throws Exception {
        NettyRemotingServer server = server(certs.server);
        NettyRemotingClient byIp = client(setting, true);
        NettyRemotingClient byName = client(setting, true);

        assertThat(byIp.invokeSync(addr(server), echoRequest("by IP"), 5000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(byName.invokeSync("localhost:" + server.localListenPort(), echoRequest("by name"), 5000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(endpointIdentification(byIp)).isEqualTo("HTTPS");
        assertThat(endpointIdentification(byName)).isEqualTo("HTTPS");
    }

    @ParameterizedTest
    @EnumSource(ContextSetting.class)
    void withVerificationOnACertificateThatNamesAnotherHostIsRefused(ContextSetting setting) throws Exception {
        NettyRemotingServer server = server(elsewhere);
        NettyRemotingClient client = client(setting, true);

        assertThatThrownBy(() -> client.invokeSync(addr(server), echoRequest("refused"), 5000))
                .satisfies(e -> assertHandshakeFailed(e, MISMATCH));
    }

    @ParameterizedTest
    @EnumSource(ContextSetting.class)
    void withVerificationOffACertificateThatNamesAnotherHostConnects(ContextSetting setting) throws Exception {
        NettyRemotingServer server = server(elsewhere);
        NettyRemotingClient client = client(setting, false);

        assertThat(client.invokeSync(addr(server), echoRequest("any name"), 5000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(endpointIdentification(client)).isEmpty();
    }

    @Test
    void withVerificationOffAnUntrustedCertificateIsStillRefused() throws Exception {
        NettyRemotingServer server = server(certs.otherCa.server("127.0.0.1"));
        NettyRemotingClient client = client(ContextSetting.NETTY_DEFAULT, false);

        assertThatThrownBy(() -> client.invokeSync(addr(server), echoRequest("untrusted"), 5000))
                .satisfies(e -> assertHandshakeFailed(e, "PKIX path building failed"));
    }

    @Test
    void nettysOwnClientContextVerifiesHostNamesFrom42On() throws Exception {
        SSLEngine engine = SslContextBuilder.forClient().build().newEngine(ByteBufAllocator.DEFAULT, "localhost", 1);
        try {
            String algorithm = engine.getSSLParameters().getEndpointIdentificationAlgorithm();
            if (NettyLine.is42OrLater()) {
                assertThat(algorithm).as("Netty " + NettyLine.VERSION).isEqualTo("HTTPS");
            } else {
                assertThat(algorithm).as("Netty " + NettyLine.VERSION).isNull();
            }
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }
}
