package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.assertClosedByPeer;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.internal.transport.ConnectionHandler;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage on one raw connection closes that connection only; a well-behaved client on another connection keeps
 * being served, and protocols that are not ours are named in the log (docs/protocol.md §2, §8.4).
 */
@ExtendWith(ProvokedLogs.class)
class MalformedInputTest {

    private static final long CLOSE_DEADLINE_MILLIS = 3000;

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger connectionLog = (Logger) LoggerFactory.getLogger(ConnectionHandler.class);
    private NettyRemotingServer server;
    private NettyRemotingClient client;

    @BeforeEach
    void setUp() throws Exception {
        appender.start();
        connectionLog.addAppender(appender);
        server = fixture.server();
        client = fixture.client();
        assertGoodClientServed("before");
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

    private void assertGoodClientServed(String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr(server), echoRequest(text), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(client.getConnectionCount()).isEqualTo(1);
    }

    static Stream<Arguments> malformedInputs() {
        return Stream.of(
                malformed("negative length", bytes(ints(-16, 0))),
                malformed("length 0x80000000", bytes(ints(Integer.MIN_VALUE, 0))),
                malformed("length just over the 16 MiB limit", bytes(ints(16 * 1024 * 1024 - 3, 0))),
                malformed("length 0x7FFFFFFF (fails before any allocation)", bytes(ints(Integer.MAX_VALUE, 0))),
                malformed("header length larger than the frame", bytes(ints(8, 100), new byte[4])),
                malformed("header length 0xFFFFFF in a small frame", bytes(ints(8, 0x00FFFFFF), new byte[4])),
                malformed("frame too short for the header-length word", bytes(ints(2), new byte[2])),
                malformed("unknown serialize type 0x05", bytes(ints(4 + 2, 0x05000002), "{}".getBytes())),
                malformed("unknown serialize type 0xFF", bytes(ints(4 + 2, 0xFF000002), "{}".getBytes())),
                malformed("invalid JSON header", jsonFrame("{not json at all")),
                malformed("JSON header that is not an object", jsonFrame("[1,2,3]")),
                malformed("truncated JSON header", jsonFrame("{\"code\":1,\"opaque\":")),
                malformed("truncated ROCKETMQ binary header", binaryFrame(new byte[] {0, 1, 0, 0, 0, 0, 0, 0, 1})),
                malformed("ROCKETMQ header with a remark length beyond the header",
                        binaryFrame(binaryHeader(0x7FFFFFF0, 0))),
                malformed("ROCKETMQ header with an extFields length beyond the header",
                        binaryFrame(binaryHeader(0, 0x7FFFFFF0))),
                malformed("TLS ClientHello", HexFormat.of().parseHex("16030100c4010000c00303" + "00".repeat(32))),
                malformed("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                malformed("HTTP/1.1 request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                malformed("a good frame followed by garbage",
                        bytes(ServerClientFixture.frame(echoRequest("ok"), SerializeType.JSON), ints(-1, -1))));
    }

    private static Arguments malformed(String name, byte[] input) {
        return Arguments.of(Named.of(name, input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedInputs")
    void malformedInputClosesOnlyThatConnection(byte[] input) throws Exception {
        Socket raw = fixture.rawSocket(server);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 2);

        OutputStream out = raw.getOutputStream();
        out.write(input);
        out.flush();

        assertClosedByPeer(raw, CLOSE_DEADLINE_MILLIS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 1);
        assertGoodClientServed("after");
        assertThat(appender.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("closing connection"));
    }

    @Test
    void tlsClientHelloIsNamedInTheLog() throws Exception {
        sendAndExpectClose(HexFormat.of().parseHex("16030100c4010000c00303" + "00".repeat(32)));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messages())
                .anySatisfy(message -> assertThat(message).contains("TLS")));
        assertGoodClientServed("after TLS");
    }

    @Test
    void http2PrefaceIsNamedInTheLog() throws Exception {
        sendAndExpectClose("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messages())
                .anySatisfy(message -> assertThat(message).contains("HTTP/2")));
        assertGoodClientServed("after HTTP/2");
    }

    @Test
    void http1RequestIsNamedInTheLog() throws Exception {
        sendAndExpectClose("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messages())
                .anySatisfy(message -> assertThat(message).contains("HTTP")));
        assertGoodClientServed("after HTTP/1.1");
    }

    @Test
    void hugeLengthFailsFastWithoutWaitingForTheBytes() throws Exception {
        // Only the length word and 4 more bytes: a decoder that waited for (or allocated) 2 GiB would never close.
        long start = System.nanoTime();
        sendAndExpectClose(bytes(ints(Integer.MAX_VALUE, 0)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(messages()).noneSatisfy(message -> assertThat(message).containsIgnoringCase("OutOfMemory"));
    }

    @Test
    void wellFormedRawFrameIsAnsweredAndTheConnectionStaysOpen() throws Exception {
        // Shows that the raw-socket framing used above is right, so the closes are due to the garbage alone.
        Socket raw = fixture.rawSocket(server);
        RemotingCommand request = echoRequest("raw");
        request.setOpaque(4242);
        raw.getOutputStream().write(ServerClientFixture.frame(request, SerializeType.ROCKETMQ));
        raw.getOutputStream().flush();
        raw.setSoTimeout(5000);

        DataInputStream in = new DataInputStream(raw.getInputStream());
        int length = in.readInt();
        byte[] rest = new byte[length];
        in.readFully(rest);
        ByteBuffer whole = ByteBuffer.allocate(4 + length).putInt(length).put(rest);
        RemotingCommand response = decode(whole.array());
        assertThat(response.getOpaque()).isEqualTo(4242);
        assertThat(response.isResponseType()).isTrue();
        assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("raw");
        assertThat(server.getConnectionCount()).isEqualTo(2);
        assertThat(raw.isClosed()).isFalse();
    }

    @Test
    void garbageSentByteByByteIsStillDetected() throws Exception {
        Socket raw = fixture.rawSocket(server);
        OutputStream out = raw.getOutputStream();
        try {
            for (byte b : "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
        } catch (java.io.IOException closedEarly) {
            // the server recognised the preface from its first bytes and closed before we finished
        }

        assertClosedByPeer(raw, CLOSE_DEADLINE_MILLIS);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messages())
                .anySatisfy(message -> assertThat(message).contains("HTTP/2")));
        assertGoodClientServed("after slow garbage");
    }

    private void sendAndExpectClose(byte[] input) throws Exception {
        Socket raw = fixture.rawSocket(server);
        raw.getOutputStream().write(input);
        raw.getOutputStream().flush();
        assertClosedByPeer(raw, CLOSE_DEADLINE_MILLIS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 1);
    }

    private List<String> messages() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static RemotingCommand decode(byte[] frameWithLength) throws Exception {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(frameWithLength, 4,
                frameWithLength.length - 4);
        try {
            return dev.remoting.protocol.RemotingCommandCodec.decode(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] jsonFrame(String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return bytes(ints(4 + h.length, h.length), h);
    }

    private static byte[] binaryFrame(byte[] header) {
        return bytes(ints(4 + header.length, 0x01000000 | header.length), header);
    }

    /** A 21-byte fixed ROCKETMQ header (code 1, JAVA, version 0, opaque 1, flag 0) with the given lengths. */
    private static byte[] binaryHeader(int remarkLength, int extFieldsLength) {
        return ByteBuffer.allocate(21).putShort((short) 1).put((byte) 0).putShort((short) 0).putInt(1).putInt(0)
                .putInt(remarkLength).putInt(extFieldsLength).array();
    }

    private static byte[] ints(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
