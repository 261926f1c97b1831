package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.internal.call.ResponseTable;
import dev.remoting.internal.client.ClientCalls;
import dev.remoting.internal.transport.ConnectionHandler;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a peer can make us log: a flood of events it causes at will gives a bounded number of lines (one per kind
 * per 10 seconds, the rest at debug), and no line carries a whole command.
 */
@ExtendWith(ProvokedLogs.class)
class PeerLogVolumeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int SILENT = 7;

    private final ServerClientFixture fixture = new ServerClientFixture();
    private final List<Runnable> detach = new ArrayList<>();

    @AfterEach
    void tearDown() {
        try {
            fixture.close();
        } finally {
            detach.forEach(Runnable::run);
        }
    }

    /** Captures everything the class logs, debug included, until the test ends. */
    private ListAppender<ILoggingEvent> capture(Class<?> type) {
        Logger logger = (Logger) LoggerFactory.getLogger(type);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        detach.add(() -> {
            logger.detachAppender(appender);
            logger.setLevel(level);
        });
        return appender;
    }

    /** The events so far; appends hold the appender's lock (AppenderBase.doAppend), so this takes it too. */
    private static List<ILoggingEvent> events(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    private static List<ILoggingEvent> at(ListAppender<ILoggingEvent> appender, Level level) {
        return events(appender).stream().filter(e -> e.getLevel() == level).toList();
    }

    private static int size(ListAppender<ILoggingEvent> appender) {
        return events(appender).size();
    }

    @Test
    void aFloodOfResponsesMatchingNoRequestIsLoggedOnceWithoutTheCommands() throws Exception {
        ListAppender<ILoggingEvent> log = capture(ResponseTable.class);
        NettyRemotingServer server = fixture.server();
        int flood = 2000;
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < flood; i++) {
            RemotingCommand spoofed = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                    "remark that must not reach the log");
            spoofed.setOpaque(1_000_000 + i);
            spoofed.addExtField("secret", "x".repeat(200));
            spoofed.setBody(new byte[1024]);
            frames.write(ServerClientFixture.frame(spoofed, SerializeType.JSON));
        }

        Socket socket = fixture.rawSocket(server);
        OutputStream out = socket.getOutputStream();
        out.write(frames.toByteArray());
        out.flush();

        await().atMost(PATIENCE).until(() -> size(log) >= flood);
        assertThat(at(log, Level.WARN)).as("one line per 10 s").hasSizeBetween(1, 2);
        assertThat(events(log)).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain("must not reach", "secret", "RemotingCommand [").hasSizeLessThan(200));
        assertThat(at(log, Level.WARN).get(0).getFormattedMessage()).contains("opaque 1000000");
        // The connection was not at fault for it: a real client is still served.
        NettyRemotingClient client = fixture.client();
        assertThat(client.invokeSync(addr(server), ServerClientFixture.echoRequest("still"), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.SUCCESS);
    }

    @Test
    void aFloodOfTimeoutsIsLoggedOnce() throws Exception {
        ListAppender<ILoggingEvent> log = capture(ClientCalls.class);
        NettyRemotingServer server = fixture.server(ServerClientFixture.serverConfig(),
                s -> s.registerProcessor(SILENT, (ctx, request) -> null, null));
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setClientCloseSocketIfTimeout(true);
        NettyRemotingClient client = fixture.client(config);
        String addr = addr(server);

        int flood = 20;
        for (int i = 0; i < flood; i++) {
            assertThatThrownBy(() -> client.invokeSync(addr, RemotingCommand.createRequestCommand(SILENT, null), 150))
                    .isInstanceOf(RemotingTimeoutException.class);
            // The close is asynchronous: the next call must not pick up the closing connection.
            await().atMost(PATIENCE).until(() -> client.getChannels().isEmpty());
        }

        // Each timeout closed its connection (the core's default), and said so: once at WARN, the rest at debug.
        assertThat(at(log, Level.WARN)).hasSizeBetween(1, 2);
        assertThat(at(log, Level.WARN).get(0).getFormattedMessage()).contains(addr, "closing the channel");
        assertThat(at(log, Level.DEBUG)).hasSizeGreaterThanOrEqualTo(flood - 2);
    }

    @Test
    void aFloodOfMalformedConnectionsIsLoggedOnce() throws Exception {
        ListAppender<ILoggingEvent> log = capture(ConnectionHandler.class);
        NettyRemotingServer server = fixture.server();

        int flood = 30;
        for (int i = 0; i < flood; i++) {
            Socket socket = fixture.rawSocket(server);
            // A negative frame length: malformed from the first byte.
            socket.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 0, 0});
            socket.getOutputStream().flush();
            ServerClientFixture.assertClosedByPeer(socket, 5000);
        }

        await().atMost(PATIENCE).until(() -> size(log) >= flood);
        assertThat(at(log, Level.WARN)).hasSizeBetween(1, 2);
    }
}
