package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.ECHO;
import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.assertClosedByPeer;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static dev.remoting.netty.ServerClientFixture.frame;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.internal.transport.ConnectionHandler;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A header over the byte limit or with more extFields entries than allowed is malformed input: it closes that one
 * connection before the header is decoded, whichever the serialize type (and for JSON, whichever reader), while
 * the server keeps serving everyone else (docs/protocol.md §8.6).
 */
@ExtendWith(ProvokedLogs.class)
class HeaderLimitsTest {

    private static final int MAX_HEADER = 4096;
    private static final int MAX_FIELDS = 32;
    private static final long CLOSE_DEADLINE_MILLIS = 5000;

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger connectionLog = (Logger) LoggerFactory.getLogger(ConnectionHandler.class);

    HeaderLimitsTest() {
        appender.start();
        connectionLog.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        try {
            fixture.close();
        } finally {
            connectionLog.detachAppender(appender);
            appender.stop();
        }
    }

    private NettyRemotingServer limitedServer() {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setMaxHeaderLength(MAX_HEADER);
        config.setMaxExtFields(MAX_FIELDS);
        return fixture.server(config, s -> {
        });
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aHeaderOfExactlyTheByteLimitIsServedAndOneByteMoreClosesOnlyThatConnection(SerializeType type)
            throws Exception {
        NettyRemotingServer server = limitedServer();

        assertAnswered(server, withHeaderLength(type, MAX_HEADER));
        assertClosesOnlyThatConnection(server, withHeaderLength(type, MAX_HEADER + 1),
                "header of " + (MAX_HEADER + 1) + " bytes exceeds the " + MAX_HEADER + "-byte header limit");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void extFieldsUpToTheLimitAreServedAndOneMoreClosesOnlyThatConnection(SerializeType type) throws Exception {
        NettyRemotingServer server = limitedServer();

        assertAnswered(server, frame(withFields(MAX_FIELDS), type));
        assertClosesOnlyThatConnection(server, frame(withFields(MAX_FIELDS + 1), type),
                "more than " + MAX_FIELDS + " extFields entries");
    }

    @Test
    void theLenientJsonParserCountsExtFieldsToo() throws Exception {
        NettyRemotingServer server = limitedServer();

        // White space makes the fast reader decline the header and the lenient parser read it.
        assertAnswered(server, jsonFrame(lenientHeader(MAX_FIELDS)));
        assertClosesOnlyThatConnection(server, jsonFrame(lenientHeader(MAX_FIELDS + 1)),
                "more than " + MAX_FIELDS + " extFields entries");
    }

    @Test
    void duplicateKeysCountAsEntries() throws Exception {
        NettyRemotingServer server = limitedServer();
        StringJoiner fields = new StringJoiner(",", "{\"code\":1,\"extFields\":{", "},\"opaque\":5}");
        for (int i = 0; i <= MAX_FIELDS; i++) {
            fields.add("\"a\":\"\"");
        }

        assertClosesOnlyThatConnection(server, jsonFrame(fields.toString()), "extFields entries");
    }

    /**
     * The frame of the issue: 16 MiB of tiny extFields (two million of them), which decoded would cost hundreds of
     * MiB of heap. With the default limits it is refused from its header-length word, before the header is read.
     */
    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void theAmplificationFrameIsRefusedByTheDefaultLimitsBeforeItsHeaderIsParsed(SerializeType type)
            throws Exception {
        NettyRemotingServer server = fixture.server();
        int defaultLimit = new NettyServerConfig().getMaxHeaderLength();
        int entries = 2_000_000;
        byte[] header = type == SerializeType.ROCKETMQ ? binaryHeaderWithTinyFields(entries)
                : jsonHeaderWithTinyFields(entries);

        assertClosesOnlyThatConnection(server, rawFrame(type, header),
                "exceeds the " + defaultLimit + "-byte header limit");
    }

    private void assertAnswered(NettyRemotingServer server, byte[] request) throws Exception {
        Socket raw = fixture.rawSocket(server);
        raw.setSoTimeout((int) CLOSE_DEADLINE_MILLIS);
        raw.getOutputStream().write(request);
        raw.getOutputStream().flush();
        RemotingCommand response = ProxyProtocolTest.readResponse(raw);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("limits");
        raw.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 0);
    }

    private void assertClosesOnlyThatConnection(NettyRemotingServer server, byte[] request, String logged)
            throws Exception {
        NettyRemotingClient good = fixture.client();
        assertEcho(good, addr(server), "before");
        Socket raw = fixture.rawSocket(server);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 2);

        OutputStream out = raw.getOutputStream();
        try {
            out.write(request);
            out.flush();
        } catch (IOException closedEarly) {
            // the server refused the frame from its first bytes and closed before we finished
        }

        assertClosedByPeer(raw, CLOSE_DEADLINE_MILLIS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 1);
        assertEcho(good, addr(server), "after");
        assertThat(good.getConnectionCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(appender.list)
                .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("closing connection")
                        .contains("malformed input").contains(logged)));
    }

    private static void assertEcho(NettyRemotingClient client, String addr, String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr, echoRequest(text), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    private static RemotingCommand withFields(int count) {
        RemotingCommand request = echoRequest("limits");
        for (int i = 0; i < count; i++) {
            request.addExtField("k" + i, "v" + i);
        }
        return request;
    }

    /** An echo request whose header is exactly {@code length} bytes, padded with its remark. */
    private static byte[] withHeaderLength(SerializeType type, int length) {
        RemotingCommand request = echoRequest("limits");
        int padding = 1;
        while (true) {
            request.setRemark("r".repeat(padding));
            byte[] frame = frame(request, type);
            int headerLength = ByteBuffer.wrap(frame).getInt(4) & 0xFFFFFF;
            if (headerLength == length) {
                return frame;
            }
            padding += length - headerLength;
        }
    }

    private static String lenientHeader(int fields) {
        StringJoiner extFields = new StringJoiner(", ", "{ \"code\": " + ECHO + ", \"extFields\": { ",
                " }, \"flag\": 0, \"opaque\": 9 }");
        for (int i = 0; i < fields; i++) {
            extFields.add("\"k" + i + "\": \"v" + i + "\"");
        }
        return extFields.toString();
    }

    /** A JSON frame with this header and the body "limits". */
    private static byte[] jsonFrame(String header) {
        return rawFrame(SerializeType.JSON, header.getBytes(StandardCharsets.UTF_8),
                "limits".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] rawFrame(SerializeType type, byte[] header, byte[]... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bodyLength = body.length == 0 ? 0 : body[0].length;
        out.writeBytes(ByteBuffer.allocate(8).putInt(4 + header.length + bodyLength)
                .putInt((type.getCode() << 24) | header.length).array());
        out.writeBytes(header);
        if (bodyLength > 0) {
            out.writeBytes(body[0]);
        }
        return out.toByteArray();
    }

    /** A ROCKETMQ header (code ECHO, opaque 1) with {@code entries} extFields of a one-byte key and empty value. */
    private static byte[] binaryHeaderWithTinyFields(int entries) {
        ByteBuffer header = ByteBuffer.allocate(21 + entries * 7);
        header.putShort((short) ECHO).put((byte) 0).putShort((short) 0).putInt(1).putInt(0).putInt(0)
                .putInt(entries * 7);
        for (int i = 0; i < entries; i++) {
            header.putShort((short) 1).put((byte) 'a').putInt(0);
        }
        return header.array();
    }

    /** A JSON header with {@code entries} extFields {@code "a":""}. */
    private static byte[] jsonHeaderWithTinyFields(int entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entries * 7 + 64);
        out.writeBytes("{\"code\":1,\"extFields\":{\"a\":\"\"".getBytes(StandardCharsets.US_ASCII));
        byte[] more = ",\"a\":\"\"".getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i < entries; i++) {
            out.writeBytes(more);
        }
        out.writeBytes("},\"opaque\":1}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
