package dev.remoting.netty;

import dev.remoting.ProxyProtocol;
import dev.remoting.RemotingHelper;
import dev.remoting.internal.server.ServerHandshakeHandler;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingCommandCodec;
import dev.remoting.protocol.SerializeType;
import dev.remoting.test.TestCertificates;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static dev.remoting.netty.LoopbackFixture.eventually;
import static dev.remoting.netty.ServerClientFixture.assertClosedByPeer;
import static dev.remoting.netty.ServerClientFixture.bodyText;
import static dev.remoting.netty.ServerClientFixture.frame;
import static dev.remoting.netty.TlsFixture.serverContext;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * A connection that starts with an HAProxy PROXY protocol header (v1 text, v2 binary) is served, and everything
 * on the server sees the client named in the header: processors, hooks, channel events and the channel list that
 * monitoring reads (docs/protocol.md §8.2). Raw sockets play the proxy.
 */
@ExtendWith(ProvokedLogs.class)
class ProxyProtocolTest {

    private static final String CLIENT = "203.0.113.7:55555";
    private static final byte[] V1 = "PROXY TCP4 203.0.113.7 127.0.0.1 55555 10911\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final LoopbackFixture fixture = new LoopbackFixture();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<TlsFixture.Seen> seen = TlsFixture.newRecord();
    private final List<String> hookSaw = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        fixture.close();
    }

    private NettyRemotingServer server(NettyServerConfig config) {
        NettyRemotingServer server = fixture.newServer(config, new RecordingEventListener(events));
        server.registerProcessor(TlsFixture.WHO_AM_I, TlsFixture.whoAmI(seen), null);
        server.registerRPCHook(new RecordingHook(hookSaw));
        server.start();
        return server;
    }

    private Socket connect(NettyRemotingServer server) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", server.localListenPort()), 3000);
        socket.setSoTimeout((int) PATIENCE.toMillis());
        return socket;
    }

    private static byte[] whoAmIFrame() {
        return frame(RemotingCommand.createRequestCommand(TlsFixture.WHO_AM_I, null), SerializeType.ROCKETMQ);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Reads one response frame from a raw socket. */
    static RemotingCommand readResponse(Socket socket) throws Exception {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        try {
            return RemotingCommandCodec.decode(buf);
        } finally {
            buf.release();
        }
    }

    /** A v2 PROXY header: TCP over IPv4, with one AUTHORITY (0x02) TLV. */
    static byte[] v2Header(String source, int sourcePort, String destination, int destinationPort, String authority)
            throws IOException {
        byte[] tlv = authority.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer header = ByteBuffer.allocate(16 + 12 + 3 + tlv.length);
        header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        header.put((byte) 0x21); // version 2, PROXY
        header.put((byte) 0x11); // AF_INET, STREAM
        header.putShort((short) (12 + 3 + tlv.length));
        header.put(java.net.InetAddress.getByName(source).getAddress());
        header.put(java.net.InetAddress.getByName(destination).getAddress());
        header.putShort((short) sourcePort);
        header.putShort((short) destinationPort);
        header.put((byte) 0x02);
        header.putShort((short) tlv.length);
        header.put(tlv);
        return header.array();
    }

    private void assertEverythingSawTheClient(NettyRemotingServer server, Socket socket) throws IOException {
        assertThat(seen).singleElement().satisfies(s -> assertThat(s.remoteAddr()).isEqualTo(CLIENT));
        assertThat(hookSaw).containsExactly("before " + CLIENT, "after " + CLIENT);
        assertThat(List.<Channel>copyOf(server.getChannels())).singleElement()
                .satisfies(c -> assertThat(RemotingHelper.parseChannelRemoteAddr(c)).isEqualTo(CLIENT));
        socket.close();
        eventually().until(() -> events.contains("CLOSE " + CLIENT));
        assertThat(events).containsExactly("CONNECT " + CLIENT, "CLOSE " + CLIENT);
    }

    @Test
    void aVersion1HeaderNamesTheClientForProcessorsHooksEventsAndMonitoring() throws Exception {
        NettyRemotingServer server = server(LoopbackFixture.serverConfig());
        Socket socket = connect(server);

        OutputStream out = socket.getOutputStream();
        out.write(concat(V1, whoAmIFrame()));
        out.flush();

        assertThat(bodyText(readResponse(socket))).isEqualTo(CLIENT + "|false|null");
        Channel channel = server.getChannels().iterator().next();
        assertThat(channel.attr(ProxyProtocol.SERVER_ADDRESS).get()).isEqualTo("127.0.0.1");
        assertThat(channel.attr(ProxyProtocol.SERVER_PORT).get()).isEqualTo("10911");
        assertThat(channel.pipeline().get(ServerHandshakeHandler.NAME)).as("handshake handler left").isNull();
        assertEverythingSawTheClient(server, socket);
    }

    @Test
    void aVersion2HeaderSentInPiecesIsWaitedForAndNamesTheClient() throws Exception {
        NettyRemotingServer server = server(LoopbackFixture.serverConfig());
        Socket socket = connect(server);
        byte[] header = v2Header("203.0.113.7", 55555, "198.51.100.1", 10911, "broker.example");
        OutputStream out = socket.getOutputStream();

        // Five bytes agree with the v2 signature but do not settle it: the server waits, and holds CONNECT back.
        out.write(header, 0, 5);
        out.flush();
        eventually().until(() -> server.getChannels().size() == 1);
        Channel channel = server.getChannels().iterator().next();
        eventually().until(() -> channel.pipeline().get(ServerHandshakeHandler.NAME) != null);
        assertThat(events).isEmpty();

        out.write(header, 5, header.length - 5);
        out.write(whoAmIFrame());
        out.flush();

        assertThat(bodyText(readResponse(socket))).isEqualTo(CLIENT + "|false|null");
        assertThat(channel.attr(ProxyProtocol.tlvKey(0x02)).get()).isEqualTo("broker.example");
        assertThat(channel.attr(ProxyProtocol.SERVER_ADDRESS).get()).isEqualTo("198.51.100.1");
        assertEverythingSawTheClient(server, socket);
    }

    @Test
    void aLocalVersion2HeaderKeepsTheSocketAddress() throws Exception {
        NettyRemotingServer server = server(LoopbackFixture.serverConfig());
        Socket socket = connect(server);
        byte[] local = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00};

        socket.getOutputStream().write(concat(local, whoAmIFrame()));

        String socketAddr = "127.0.0.1:" + socket.getLocalPort();
        assertThat(bodyText(readResponse(socket))).isEqualTo(socketAddr + "|false|null");
    }

    @Test
    void aProxyHeaderIsFollowedByTlsDetection() throws Exception {
        TlsFixture certs = new TlsFixture();
        NettyServerConfig config = TlsFixture.serverConfig(TlsMode.PERMISSIVE,
                serverContext(certs.server, null, ClientAuth.NONE));
        NettyRemotingServer server = server(config);
        Socket plain = connect(server);
        plain.getOutputStream().write(V1);
        plain.getOutputStream().flush();

        SSLSocket tls = (SSLSocket) TestCertificates.clientSslContext(certs.ca).getSocketFactory()
                .createSocket(plain, "127.0.0.1", server.localListenPort(), true);
        sockets.add(tls);
        tls.startHandshake();
        tls.getOutputStream().write(whoAmIFrame());
        tls.getOutputStream().flush();

        assertThat(bodyText(readResponse(tls))).isEqualTo(CLIENT + "|true|null");
        assertEverythingSawTheClient(server, tls);
    }

    @Test
    void aMalformedProxyHeaderClosesTheConnection() throws Exception {
        NettyRemotingServer server = server(LoopbackFixture.serverConfig());
        Socket socket = connect(server);

        socket.getOutputStream().write(concat("PROXY TCP4 not-an-address 127.0.0.1 1 2\r\n"
                .getBytes(StandardCharsets.US_ASCII), whoAmIFrame()));

        assertClosedByPeer(socket, 5000);
        eventually().until(() -> events.stream().anyMatch(e -> e.startsWith("CLOSE")));
        assertThat(events).extracting(e -> e.split(" ")[0]).containsExactly("CONNECT", "EXCEPTION", "CLOSE");
        assertThat(seen).isEmpty();
    }

    @Test
    void withTheProxyProtocolTurnedOffAHeaderIsNotBelieved() throws Exception {
        NettyServerConfig config = LoopbackFixture.serverConfig();
        config.setProxyProtocolEnabled(false);
        NettyRemotingServer server = server(config);
        Socket socket = connect(server);

        socket.getOutputStream().write(concat(V1, whoAmIFrame()));

        assertClosedByPeer(socket, 5000);
        assertThat(seen).isEmpty();
        eventually().until(() -> events.stream().anyMatch(e -> e.startsWith("CLOSE")));
        assertThat(events).noneMatch(e -> e.contains("203.0.113.7"));
    }

    @Test
    void aConnectionThatSendsNothingStillReportsConnectBeforeClose() throws Exception {
        NettyRemotingServer server = server(LoopbackFixture.serverConfig());
        Socket socket = connect(server);
        String socketAddr = "127.0.0.1:" + socket.getLocalPort();
        eventually().until(() -> server.getChannels().size() == 1);

        socket.close();

        eventually().until(() -> events.size() == 2);
        assertThat(events).containsExactly("CONNECT " + socketAddr, "CLOSE " + socketAddr);
    }

    @Test
    void aSilentConnectionThatGoesIdleReportsConnectFirst() throws Exception {
        NettyServerConfig config = LoopbackFixture.serverConfig();
        config.setServerChannelMaxIdleTimeSeconds(1);
        NettyRemotingServer server = server(config);
        Socket socket = connect(server);

        assertClosedByPeer(socket, 5000);

        eventually().until(() -> events.size() == 3);
        assertThat(events).extracting(e -> e.split(" ")[0]).containsExactly("CONNECT", "IDLE", "CLOSE");
    }
}
