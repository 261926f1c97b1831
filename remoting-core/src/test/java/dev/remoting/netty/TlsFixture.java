package dev.remoting.netty;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.RemotingHelper;
import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.test.TestCertificates;
import dev.remoting.test.TestCertificates.Authority;
import dev.remoting.test.TestCertificates.Issued;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Certificates made once per test class, TLS contexts built from them, and a processor that reports how each
 * request arrived (peer address as the server sees it, whether over TLS, and the client certificate's subject).
 */
final class TlsFixture {

    /** Answers with "address|tls|client subject" and records the same. */
    static final int WHO_AM_I = 7;

    final Authority ca = TestCertificates.authority("remoting test CA");
    final Authority otherCa = TestCertificates.authority("some other CA");
    final Issued server = ca.server("localhost", "127.0.0.1");
    final Issued client = ca.client("test client");
    /** A CA with the same name as {@link #ca} but its own key: what it signs must not pass for {@code ca}'s. */
    final Authority impostorCa = TestCertificates.authority("remoting test CA");
    /** Presented to a server that trusts {@link #ca}, since its issuer's name matches; fails verification there. */
    final Issued impostorClient = impostorCa.client("impostor");

    static SslContext serverContext(Issued certificate, Authority trusted, ClientAuth clientAuth) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.key(), certificate.certificate(),
                certificate.issuer().certificate()).clientAuth(clientAuth);
        if (trusted != null) {
            builder.trustManager(trusted.certificate());
        }
        return builder.build();
    }

    static SslContext clientContext(Authority trusted, Issued certificate) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient().trustManager(trusted.certificate());
        if (certificate != null) {
            builder.keyManager(certificate.key(), certificate.certificate(), certificate.issuer().certificate());
        }
        return builder.build();
    }

    static NettyServerConfig serverConfig(TlsMode mode, SslContext context) {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setTlsMode(mode);
        config.setSslContext(context);
        return config;
    }

    static NettyClientConfig tlsClientConfig(SslContext context) {
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setUseTLS(true);
        config.setSslContext(context);
        return config;
    }

    /** Asserts that the call failed in the TLS handshake, for the given reason. */
    static void assertHandshakeFailed(Throwable error, String reason) {
        assertThat(error).isInstanceOf(RemotingException.class);
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        assertThat(chain).anySatisfy(t -> assertThat(t).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining(reason));
    }

    /** What {@link #WHO_AM_I} saw of each request. */
    record Seen(String remoteAddr, boolean tls, String clientSubject) {
    }

    static NettyRequestProcessor whoAmI(List<Seen> seen) {
        return (ctx, request) -> {
            Seen s = describe(ctx.channel());
            seen.add(s);
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody((s.remoteAddr() + "|" + s.tls() + "|" + s.clientSubject())
                    .getBytes(StandardCharsets.UTF_8));
            return response;
        };
    }

    static Seen describe(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        String subject = null;
        if (ssl != null) {
            try {
                Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
                subject = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException e) {
                subject = null;
            }
        }
        return new Seen(RemotingHelper.parseChannelRemoteAddr(channel), ssl != null, subject);
    }

    static List<Seen> newRecord() {
        return new CopyOnWriteArrayList<>();
    }
}
