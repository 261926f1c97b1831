package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.internal.transport.ConnectionHandler;
import dev.remoting.protocol.RemotingCommand;
import io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client pointed at the wrong port says what it found there: an HTTP server, a TLS server, a closed port, an
 * untrusted certificate; in the caller's exception and in one log line, never as "malformed input".
 */
@ExtendWith(ProvokedLogs.class)
class WrongPeerTest {

    private static final byte[] HTTP_400 = ("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    /** A TLS 1.2 fatal alert (unexpected_message), what a TLS server may answer plaintext with. */
    private static final byte[] TLS_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};

    private static final TlsFixture certs = new TlsFixture();

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final ExecutorService answering = Executors.newSingleThreadExecutor();
    private final Logger connectionLog = (Logger) LoggerFactory.getLogger(ConnectionHandler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    WrongPeerTest() {
        logged.start();
        connectionLog.addAppender(logged);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        connectionLog.detachAppender(logged);
        fixture.close();
        answering.shutdownNow();
        assertThat(answering.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * A one-connection server on a loopback port that answers the first bytes it reads with {@code answer} and then
     * closes; returns its address.
     */
    private String answeringWith(byte[] answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        fixture.closeLater(server);
        answering.execute(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                in.read(new byte[256]);
                OutputStream out = socket.getOutputStream();
                out.write(answer);
                out.flush();
                // Wait for the client to close, so that its close and not ours ends the connection.
                while (in.read() >= 0) {
                    // drain
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        return "127.0.0.1:" + server.getLocalPort();
    }

    private NettyRemotingServer tlsOnlyServer() throws SSLException {
        return fixture.server(TlsFixture.serverConfig(TlsMode.ENFORCING,
                TlsFixture.serverContext(certs.server, null, ClientAuth.NONE)), s -> {
                });
    }

    private long linesSaying(String text) {
        return logged.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void anHttpServerIsNamedAsOne() throws Exception {
        String addr = answeringWith(HTTP_400);
        NettyRemotingClient client = fixture.client();

        String says = "the peer at " + addr + " answered with HTTP, not the remoting protocol";
        assertThatThrownBy(() -> client.invokeSync(addr, echoRequest("hello"), 5000))
                .isInstanceOf(RemotingSendRequestException.class)
                .hasMessageContaining(says);
        assertThat(linesSaying(says)).isOne();
        assertThat(linesSaying("malformed input")).isZero();
    }

    @Test
    void anAsyncCallToAnHttpServerSaysItToo() throws Exception {
        String addr = answeringWith(HTTP_400);
        NettyRemotingClient client = fixture.client();

        CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        client.invokeAsync(addr, echoRequest("hello"), 5000, new FutureCallback(response));

        assertThatThrownBy(() -> response.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RemotingSendRequestException.class)
                .hasMessageContaining("answered with HTTP, not the remoting protocol");
    }

    @Test
    void aTlsServersAlertToPlaintextIsNamedAsTls() throws Exception {
        String addr = answeringWith(TLS_ALERT);
        NettyRemotingClient client = fixture.client();

        assertThatThrownBy(() -> client.invokeSync(addr, echoRequest("hello"), 5000))
                .isInstanceOf(RemotingSendRequestException.class)
                .hasMessageContaining("the peer at " + addr + " answered with TLS, not the remoting protocol");
    }

    @Test
    void bytesOfNoKnownProtocolAreNamedAsNotFrames() throws Exception {
        String addr = answeringWith("SMTP ready, or anything else\r\n".getBytes(StandardCharsets.US_ASCII));
        NettyRemotingClient client = fixture.client();

        assertThatThrownBy(() -> client.invokeSync(addr, echoRequest("hello"), 5000))
                .isInstanceOf(RemotingSendRequestException.class)
                .hasMessageContaining("the peer at " + addr + " answered with bytes that are not a frame "
                        + "(they start 534d5450), not the remoting protocol");
    }

    @Test
    void aTlsClientAtAnHttpServerSaysTheHandshakeFailedOnHttp() throws Exception {
        String addr = answeringWith(HTTP_400);
        NettyRemotingClient client = fixture.client(TlsFixture.tlsClientConfig(
                TlsFixture.clientContext(certs.ca, null)));

        assertThatThrownBy(() -> client.invokeSync(addr, echoRequest("hello"), 5000))
                .isInstanceOf(RemotingSendRequestException.class)
                .hasMessageContaining("TLS handshake with " + addr + " failed: the peer answered with HTTP, not TLS");
        assertThat(linesSaying("malformed input")).isZero();
    }

    @Test
    void anUntrustedCertificateFailsTheHandshakeNotTheInput() throws Exception {
        NettyRemotingServer server = tlsOnlyServer();
        NettyRemotingClient client = fixture.client(TlsFixture.tlsClientConfig(
                TlsFixture.clientContext(certs.otherCa, null)));
        String addr = addr(server);

        assertThatThrownBy(() -> client.invokeSync(addr, echoRequest("hello"), 5000))
                .isInstanceOf(RemotingSendRequestException.class)
                .hasMessageContaining("TLS handshake with " + addr + " failed: ");
        assertThat(linesSaying("malformed input")).isZero();
    }

    @Test
    void aPlaintextClientAtATlsOnlyServerIsToldTheConnectionClosed() throws Exception {
        NettyRemotingServer server = tlsOnlyServer();
        NettyRemotingClient client = fixture.client();

        // Our TLS-only server closes a plaintext connection without a word: all the client can tell is that.
        assertThatThrownBy(() -> client.invokeSync(addr(server), echoRequest("hello"), 5000))
                .isInstanceOf(RemotingSendRequestException.class)
                .hasMessageContaining("send request to <" + addr(server) + "> failed")
                .hasRootCauseMessage("channel closed before the response arrived");
    }

    @Test
    void aTlsClientAtAPlaintextServerSaysTheHandshakeFailed() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyRemotingClient client = fixture.client(TlsFixture.tlsClientConfig(
                TlsFixture.clientContext(certs.ca, null)));

        assertThatThrownBy(() -> client.invokeSync(addr(server), echoRequest("hello"), 5000))
                .isInstanceOf(RemotingSendRequestException.class)
                .hasMessageContaining("TLS handshake with " + addr(server) + " failed: ");
    }

    @Test
    void aClosedPortSaysConnectionRefused() throws Exception {
        String dead = ServerClientFixture.deadAddr();
        NettyRemotingClient client = fixture.client();

        assertThatThrownBy(() -> client.invokeSync(dead, echoRequest("hello"), 5000))
                .isInstanceOf(RemotingConnectException.class)
                .hasMessage("connect to " + dead + " failed: connection refused");
    }
}
