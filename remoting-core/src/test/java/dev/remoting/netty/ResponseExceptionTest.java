package dev.remoting.netty;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.RemotingMetricsListener;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.internal.server.RequestDispatcher;
import dev.remoting.protocol.RemotingCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import static dev.remoting.netty.LoopbackFixture.addr;
import static dev.remoting.netty.LoopbackFixture.eventually;
import static dev.remoting.netty.LoopbackFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor that throws {@link RemotingResponseException} chose its answer: the peer gets that code and remark,
 * not SYSTEM_ERROR, and the server logs no processor failure (docs/protocol.md §7.5).
 */
class ResponseExceptionTest {

    private static final int SYNC = 1;
    private static final int ASYNC = 2;
    private static final int TOPIC_NOT_EXIST = 17;

    private final LoopbackFixture fixture = new LoopbackFixture();
    private final List<String> processed = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger dispatcherLogger = (Logger) LoggerFactory.getLogger(RequestDispatcher.class);
    private NettyRemotingServer server;

    @BeforeEach
    void start() {
        log.start();
        dispatcherLogger.addAppender(log);
        server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(SYNC, (ctx, request) -> {
            throw new RemotingResponseException(TOPIC_NOT_EXIST, "topic orders does not exist");
        }, null);
        // A dependent stage: its failure reaches the dispatcher as a CompletionException around ours.
        server.registerProcessor(ASYNC, (AsyncNettyRequestProcessor) (ctx, request) -> CompletableFuture.supplyAsync(
                () -> {
                    throw new RemotingResponseException(TOPIC_NOT_EXIST, "topic audit does not exist");
                }), null);
        server.setMetricsListener(new RemotingMetricsListener() {
            @Override
            public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
                processed.add(requestCode + "/" + responseCode);
            }
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        dispatcherLogger.detachAppender(log);
        fixture.close();
    }

    /** The sync processor throws it; the async one's future fails with a CompletionException around it. */
    @ParameterizedTest(name = "code {0}")
    @CsvSource({"1, topic orders does not exist", "2, topic audit does not exist"})
    void aProcessorThrowingItIsAnsweredWithItsCodeAndRemark(int requestCode, String remark) throws Exception {
        RemotingCommand response = fixture.client().invokeSync(addr(server), request(requestCode, null), 3000);

        assertThat(response.getCode()).isEqualTo(TOPIC_NOT_EXIST);
        assertThat(response.getRemark()).isEqualTo(remark);
        eventually().untilAsserted(() -> assertThat(processed).containsExactly(requestCode + "/" + TOPIC_NOT_EXIST));
        assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
    }
}
