package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.assertClosedByPeer;
import static dev.remoting.netty.ServerClientFixture.bodyText;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static dev.remoting.netty.TlsFixture.assertHandshakeFailed;
import static dev.remoting.netty.TlsFixture.clientContext;
import static dev.remoting.netty.TlsFixture.serverConfig;
import static dev.remoting.netty.TlsFixture.serverContext;
import static dev.remoting.netty.TlsFixture.tlsClientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.exception.RemotingException;
import dev.remoting.internal.server.TlsModeHandler;
import dev.remoting.internal.transport.ConnectionHandler;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import dev.remoting.test.TestCertificates;
import io.netty.handler.ssl.ClientAuth;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TLS between our own client and server over loopback, with certificates made at test time: mutual TLS, untrusted
 * peers on either side, and the three server modes (docs/protocol.md §8.3). Host-name verification has
 * {@link HostnameVerificationTest}.
 */
@ExtendWith(ProvokedLogs.class)
class TlsTest {

    private static final TlsFixture certs = new TlsFixture();

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final List<TlsFixture.Seen> seen = TlsFixture.newRecord();
    private final ListAppender<ILoggingEvent> tlsLog = new ListAppender<>();
    private final Logger tlsModeLogger = (Logger) LoggerFactory.getLogger(TlsModeHandler.class);
    private final Logger connectionLogger = (Logger) LoggerFactory.getLogger(ConnectionHandler.class);

    private ch.qos.logback.classic.Level connectionLevel;

    @BeforeEach
    void captureLog() {
        tlsLog.start();
        tlsModeLogger.addAppender(tlsLog);
        connectionLogger.addAppender(tlsLog);
        // Failed connections are logged at WARN once per 10 s, the others at debug: capture those too.
        connectionLevel = connectionLogger.getLevel();
        connectionLogger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void tearDown() {
        try {
            fixture.close();
        } finally {
            tlsModeLogger.detachAppender(tlsLog);
            connectionLogger.detachAppender(tlsLog);
            connectionLogger.setLevel(connectionLevel);
            tlsLog.stop();
        }
    }

    private NettyRemotingServer server(NettyServerConfig config) {
        return fixture.server(config, s -> s.registerProcessor(TlsFixture.WHO_AM_I, TlsFixture.whoAmI(seen), null));
    }

    private static RemotingCommand whoAmI() {
        return RemotingCommand.createRequestCommand(TlsFixture.WHO_AM_I, null);
    }

    private boolean logged(String text) {
        return tlsLog.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
    }

    @Test
    void mutualTlsSucceedsAndTheServerSeesTheClientCertificate() throws Exception {
        NettyRemotingServer server = server(serverConfig(TlsMode.ENFORCING,
                serverContext(certs.server, certs.ca, ClientAuth.REQUIRE)));
        NettyRemotingClient client = fixture.client(tlsClientConfig(clientContext(certs.ca, certs.client)));

        RemotingCommand response = client.invokeSync(addr(server), whoAmI(), 5000);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.tls()).isTrue();
            assertThat(s.clientSubject()).contains("CN=test client");
        });
        RemotingCommand echo = client.invokeSync(addr(server), echoRequest("over TLS"), 5000);
        assertThat(bodyText(echo)).isEqualTo("over TLS");
        assertThat(client.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void mutualTlsWorksWithCodecThreadGroupsOnBothSides() throws Exception {
        NettyServerConfig serverConfig = serverConfig(TlsMode.ENFORCING,
                serverContext(certs.server, certs.ca, ClientAuth.REQUIRE));
        serverConfig.setServerNettyWorkerGroupEnable(true);
        NettyClientConfig clientConfig = tlsClientConfig(clientContext(certs.ca, certs.client));
        clientConfig.setDisableNettyWorkerGroup(false);
        NettyRemotingServer server = server(serverConfig);
        NettyRemotingClient client = fixture.client(clientConfig);

        assertThat(client.invokeSync(addr(server), whoAmI(), 5000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(seen).singleElement().satisfies(s -> assertThat(s.clientSubject()).contains("CN=test client"));
        // Large frames both ways, through SslHandlers that run on the codec groups.
        String large = "x".repeat(256 * 1024);
        for (int i = 0; i < 20; i++) {
            assertThat(bodyText(client.invokeSync(addr(server), echoRequest(large + i), 5000))).isEqualTo(large + i);
        }
    }

    @Test
    void optionalClientAuthAcceptsAClientWithoutACertificate() throws Exception {
        NettyRemotingServer server = server(serverConfig(TlsMode.ENFORCING,
                serverContext(certs.server, certs.ca, ClientAuth.OPTIONAL)));
        NettyRemotingClient client = fixture.client(tlsClientConfig(clientContext(certs.ca, null)));

        RemotingCommand response = client.invokeSync(addr(server), whoAmI(), 5000);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.tls()).isTrue();
            assertThat(s.clientSubject()).isNull();
        });
    }

    @Test
    void theClientRejectsAServerItDoesNotTrust() throws Exception {
        NettyRemotingServer server = server(serverConfig(TlsMode.ENFORCING,
                serverContext(certs.server, null, ClientAuth.NONE)));
        NettyRemotingClient client = fixture.client(tlsClientConfig(clientContext(certs.otherCa, null)));

        assertThatThrownBy(() -> client.invokeSync(addr(server), whoAmI(), 5000))
                .satisfies(e -> assertHandshakeFailed(e, "PKIX path building failed"));
        assertThat(seen).isEmpty();
    }

    @Test
    void certificatesAreVerifiedByDefault() throws Exception {
        // useTLS without a context of one's own: the JVM's trust store, which does not know the test CA.
        NettyRemotingServer server = server(serverConfig(TlsMode.ENFORCING,
                serverContext(certs.server, null, ClientAuth.NONE)));
        NettyRemotingClient client = fixture.client(tlsClientConfig(null));

        assertThatThrownBy(() -> client.invokeSync(addr(server), whoAmI(), 5000))
                .satisfies(e -> assertHandshakeFailed(e, "PKIX path building failed"));
        assertThat(seen).isEmpty();
        assertThat(new NettyClientConfig().isVerifyHostname()).isTrue();
    }

    @Test
    void theServerRejectsAClientItDoesNotTrustWhenClientCertificatesAreRequired() throws Exception {
        NettyRemotingServer server = server(serverConfig(TlsMode.ENFORCING,
                serverContext(certs.server, certs.ca, ClientAuth.REQUIRE)));
        NettyRemotingClient impostor = fixture.client(tlsClientConfig(clientContext(certs.ca, certs.impostorClient)));
        NettyRemotingClient anonymous = fixture.client(tlsClientConfig(clientContext(certs.ca, null)));

        assertThatThrownBy(() -> impostor.invokeSync(addr(server), whoAmI(), 5000))
                .isInstanceOf(RemotingException.class);
        assertThatThrownBy(() -> anonymous.invokeSync(addr(server), whoAmI(), 5000))
                .isInstanceOf(RemotingException.class);
        assertThat(seen).isEmpty();
        await().atMost(LoopbackFixture.PATIENCE).until(() -> server.getConnectionCount() == 0);
        // In TLS 1.3 the client finishes first and learns of the refusal as a closed connection; the server says why.
        await().atMost(LoopbackFixture.PATIENCE)
                .until(() -> logged("failed: PKIX path validation failed")
                        && logged("failed: Empty client certificate chain"));
        assertThat(tlsLog.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("malformed input"));
    }

    @Test
    void enforcingRefusesPlaintext() throws Exception {
        NettyRemotingServer server = server(serverConfig(TlsMode.ENFORCING,
                serverContext(certs.server, null, ClientAuth.NONE)));
        NettyRemotingClient plaintext = fixture.client();

        assertThatThrownBy(() -> plaintext.invokeSync(addr(server), whoAmI(), 5000))
                .isInstanceOf(RemotingException.class);
        Socket raw = fixture.rawSocket(server);
        raw.getOutputStream().write(ServerClientFixture.frame(echoRequest("plain"), SerializeType.JSON));
        assertClosedByPeer(raw, 5000);

        assertThat(seen).isEmpty();
        await().atMost(LoopbackFixture.PATIENCE)
                .until(() -> logged("plaintext connection refused: TLS is enforced"));
    }

    @Test
    void disabledRefusesATlsClientWithALogLineThatSaysSo() throws Exception {
        NettyRemotingServer server = server(ServerClientFixture.serverConfig());
        assertThat(server.getConfig().getTlsMode()).as("the default").isEqualTo(TlsMode.DISABLED);
        NettyRemotingClient client = fixture.client(tlsClientConfig(clientContext(certs.ca, null)));

        assertThatThrownBy(() -> client.invokeSync(addr(server), whoAmI(), 5000))
                .isInstanceOf(RemotingException.class);

        assertThat(seen).isEmpty();
        await().atMost(LoopbackFixture.PATIENCE).until(() -> logged("TLS handshake on a port with TLS disabled"));
        RemotingCommand plain = fixture.client().invokeSync(addr(server), echoRequest("still served"), 5000);
        assertThat(bodyText(plain)).isEqualTo("still served");
    }

    @Test
    void permissiveServesTlsAndPlaintextClientsOnOnePort() throws Exception {
        NettyRemotingServer server = server(serverConfig(TlsMode.PERMISSIVE,
                serverContext(certs.server, certs.ca, ClientAuth.OPTIONAL)));
        NettyRemotingClient tls = fixture.client(tlsClientConfig(clientContext(certs.ca, certs.client)));
        NettyRemotingClient plaintext = fixture.client();

        assertThat(tls.invokeSync(addr(server), whoAmI(), 5000).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(plaintext.invokeSync(addr(server), whoAmI(), 5000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).tls()).isTrue();
        assertThat(seen.get(0).clientSubject()).contains("CN=test client");
        assertThat(seen.get(1).tls()).isFalse();
        assertThat(server.getConnectionCount()).isEqualTo(2);
    }

    @Test
    void aRawJdkTlsSocketIsServedToo() throws Exception {
        NettyRemotingServer server = server(serverConfig(TlsMode.ENFORCING,
                serverContext(certs.server, null, ClientAuth.NONE)));
        Socket plain = fixture.rawSocket(server);
        SSLSocket socket = (SSLSocket) TestCertificates.clientSslContext(certs.ca).getSocketFactory()
                .createSocket(plain, "127.0.0.1", server.localListenPort(), true);
        fixture.closeLater(socket);
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        out.write(ServerClientFixture.frame(echoRequest("raw TLS"), SerializeType.ROCKETMQ));
        out.flush();

        RemotingCommand response = ProxyProtocolTest.readResponse(socket);
        assertThat(bodyText(response)).isEqualTo("raw TLS");
    }

    @Test
    void settingsThatCannotWorkAreRefusedUpFront() throws Exception {
        assertThatThrownBy(() -> new NettyRemotingServer(serverConfig(TlsMode.ENFORCING, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ENFORCING")
                .hasMessageContaining("SslContext");
        assertThatThrownBy(() -> new NettyRemotingServer(serverConfig(TlsMode.PERMISSIVE, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PERMISSIVE");
        assertThatThrownBy(() -> new NettyRemotingServer(serverConfig(TlsMode.ENFORCING,
                clientContext(certs.ca, null)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server context");
        assertThatThrownBy(() -> new NettyRemotingClient(tlsClientConfig(
                serverContext(certs.server, null, ClientAuth.NONE)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client context");
    }
}
