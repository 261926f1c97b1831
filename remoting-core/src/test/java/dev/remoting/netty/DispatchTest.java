package dev.remoting.netty;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.RemotingResponses;
import dev.remoting.annotation.CFNotNull;
import dev.remoting.internal.server.RequestDispatcher;
import dev.remoting.netty.LoopbackFixture.RecordingCallback;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static dev.remoting.netty.LoopbackFixture.addr;
import static dev.remoting.netty.LoopbackFixture.body;
import static dev.remoting.netty.LoopbackFixture.echo;
import static dev.remoting.netty.LoopbackFixture.eventually;
import static dev.remoting.netty.LoopbackFixture.request;
import static dev.remoting.netty.LoopbackFixture.success;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * How the server routes and answers requests (docs/protocol.md §7.5): per-code executors, the default processor, the
 * refusals (SYSTEM_BUSY, REQUEST_CODE_NOT_SUPPORTED), failures (SYSTEM_ERROR), oneway silence, replies written
 * later, and the serialize type of answers.
 */
@ExtendWith(ProvokedLogs.class)
class DispatchTest {

    private final LoopbackFixture fixture = new LoopbackFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static NettyRequestProcessor threadName() {
        return (ctx, request) -> success(Thread.currentThread().getName());
    }

    @Test
    void eachCodeRunsOnItsOwnExecutorAndOthersFallToTheDefaultProcessor() throws Exception {
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(7, threadName(), fixture.executor("code7-exec-", 1));
        server.registerProcessor(8, threadName(), fixture.executor("code8-exec-", 2));
        server.registerProcessor(9, threadName(), null);
        server.registerDefaultProcessor((ctx, request) -> success("default:" + request.getCode() + ":"
                + Thread.currentThread().getName()), fixture.executor("default-exec-", 1));
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        assertThat(body(client.invokeSync(addr, request(7, null), 3000))).startsWith("code7-exec-");
        assertThat(body(client.invokeSync(addr, request(8, null), 3000))).startsWith("code8-exec-");
        assertThat(body(client.invokeSync(addr, request(9, null), 3000))).startsWith("NettyServerPublicExecutor");
        assertThat(body(client.invokeSync(addr, request(55, null), 3000))).startsWith("default:55:default-exec-");
        assertThat(body(client.invokeSync(addr, request(7, null), 3000))).startsWith("code7-exec-");
        assertThat(server.getProcessorPair(55)).isNull();
        assertThat(server.getDefaultProcessorPair()).isNotNull();
    }

    @Test
    void rejectRequestAnswersSystemBusyWithoutRunningTheProcessor() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, new NettyRequestProcessor() {
            @Override
            public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
                processed.incrementAndGet();
                return success("processed");
            }

            @Override
            public boolean rejectRequest() {
                return true;
            }
        }, null);
        server.start();
        NettyRemotingClient client = fixture.client();

        RemotingCommand response = client.invokeSync(addr(server), request(1, null), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_BUSY);
        assertThat(response.getRemark()).startsWith("[REJECTREQUEST]");
        assertThat(processed).hasValue(0);
    }

    @Test
    void aFullExecutorAnswersSystemBusyOverload() throws Exception {
        CountDownLatch gate = fixture.gate();
        CountDownLatch busy = new CountDownLatch(1);
        ThreadPoolExecutor full = fixture.track(new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new SynchronousQueue<>()));
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, (ctx, request) -> {
            busy.countDown();
            LoopbackFixture.pass(gate);
            return success(body(request));
        }, full);
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        RecordingCallback first = new RecordingCallback();
        client.invokeAsync(addr, request(1, "first"), 10_000, first);
        assertThat(busy.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        RemotingCommand response = client.invokeSync(addr, request(1, "second"), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_BUSY);
        assertThat(response.getRemark()).startsWith("[OVERLOAD]");

        gate.countDown();
        first.awaitDone();
        assertThat(first.response.get().getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(body(first.response.get())).isEqualTo("first");
    }

    @Test
    void anUnknownCodeIsNotSupported() throws Exception {
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, echo(), null);
        server.start();
        NettyRemotingClient client = fixture.client();

        RemotingCommand response = client.invokeSync(addr(server), request(999, null), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.getRemark()).isEqualTo(" request type 999 not supported");
    }

    @Test
    void aFloodOfUnknownCodesIsAnsweredInFullButLoggedOnce() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger dispatcherLogger = (Logger) LoggerFactory.getLogger(RequestDispatcher.class);
        log.start();
        dispatcherLogger.addAppender(log);
        try {
            NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
            server.start();
            NettyRemotingClient client = fixture.client();

            for (int i = 0; i < 50; i++) {
                assertThat(client.invokeSync(addr(server), request(999, null), 3000).getCode())
                        .isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            }

            // One line per 10 s interval at ERROR; the rest at debug, counted into the next ERROR line.
            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("request type 999 not supported"));
        } finally {
            dispatcherLogger.detachAppender(log);
        }
    }

    @Test
    void aProcessorExceptionIsAnsweredWithSystemError() throws Exception {
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, (ctx, request) -> {
            throw new IllegalStateException("boom from the processor");
        }, null);
        server.registerProcessor(2, (ctx, request) -> {
            throw new Exception();
        }, null);
        server.start();
        NettyRemotingClient client = fixture.client();

        RemotingCommand response = client.invokeSync(addr(server), request(1, null), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).contains("boom from the processor");

        RemotingCommand noMessage = client.invokeSync(addr(server), request(2, null), 3000);
        assertThat(noMessage.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(noMessage.getRemark()).isNotEmpty();
    }

    @Test
    void onewayRequestsAreNeverAnsweredEvenOnError() throws Exception {
        CountDownLatch gate = fixture.gate();
        AtomicInteger failing = new AtomicInteger();
        AtomicInteger answering = new AtomicInteger();
        AtomicInteger rejecting = new AtomicInteger();
        // One thread for the oneway processors and the barrier: anything they wrote is written before its answer.
        ExecutorService lane = fixture.executor("lane-", 1);
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, (ctx, request) -> {
            LoopbackFixture.pass(gate);
            return success(body(request));
        }, fixture.executor("held-", 1));
        server.registerProcessor(2, (ctx, request) -> {
            failing.incrementAndGet();
            throw new IllegalStateException("oneway failure");
        }, lane);
        server.registerProcessor(3, (ctx, request) -> {
            answering.incrementAndGet();
            return success("an answer nobody asked for");
        }, lane);
        server.registerProcessor(4, new NettyRequestProcessor() {
            @Override
            public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
                return success("never");
            }

            @Override
            public boolean rejectRequest() {
                rejecting.incrementAndGet();
                return true;
            }
        }, lane);
        server.registerProcessor(5, echo(), lane);
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        // A pending call whose opaque every oneway request below reuses: a reply to any of them would be taken
        // for this call's answer.
        RemotingCommand pendingRequest = request(1, "the real answer");
        RecordingCallback pending = new RecordingCallback();
        client.invokeAsync(addr, pendingRequest, 10_000, pending);
        int opaque = pendingRequest.getOpaque();
        for (int code : new int[] {2, 3, 4, 999}) {
            RemotingCommand oneway = request(code, "oneway " + code);
            oneway.setOpaque(opaque);
            client.invokeOneway(addr, oneway, 3000);
        }
        eventually().until(() -> failing.get() == 1 && answering.get() == 1 && rejecting.get() == 1);
        assertThat(body(client.invokeSync(addr, request(5, "barrier"), 3000))).isEqualTo("barrier");

        assertThat(pending.completed).as("no reply to a oneway request reached the client").hasValue(0);
        assertThat(client.getResponseTableSize()).isEqualTo(1);

        gate.countDown();
        pending.awaitDone();
        assertThat(pending.response.get().getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(body(pending.response.get())).isEqualTo("the real answer");
        assertThat(pending.completed).hasValue(1);
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(failing).hasValue(1);
        assertThat(answering).hasValue(1);
    }

    @Test
    void aNullResponseMeansTheProcessorRepliesLater() throws Exception {
        BlockingQueue<Object[]> parked = new LinkedBlockingQueue<>();
        AtomicInteger returned = new AtomicInteger();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, (ctx, request) -> {
            parked.add(new Object[] {ctx.channel(), request});
            returned.incrementAndGet();
            return null;
        }, null);
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        ExecutorService caller = fixture.executor("sync-caller-", 1);
        CompletableFuture<RemotingCommand> sync = CompletableFuture.supplyAsync(() -> {
            try {
                return client.invokeSync(addr, request(1, "long poll"), 10_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, caller);
        Object[] call = parked.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(call).isNotNull();
        eventually().until(() -> returned.get() == 1);
        assertThat(sync).isNotDone();

        // Written from this thread, long after the processor returned.
        RemotingCommand request = (RemotingCommand) call[1];
        RemotingResponses.writeResponse((Channel) call[0], request, success("later: " + body(request)));
        RemotingCommand response = sync.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(body(response)).isEqualTo("later: long poll");
        assertThat(client.getResponseTableSize()).isZero();
    }

    @Test
    void anAsyncProcessorAnswersWhenItsFutureCompletesWithoutHoldingItsThread() throws Exception {
        BlockingQueue<CompletableFuture<RemotingCommand>> futures = new LinkedBlockingQueue<>();
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        // One thread: if a pending future held it, the second request would never reach the processor.
        server.registerProcessor(1, (AsyncNettyRequestProcessor) (ctx, request) -> {
            CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
            bodies.add(body(request));
            futures.add(future);
            return future;
        }, fixture.executor("async-proc-", 1));
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        RecordingCallback first = new RecordingCallback();
        RecordingCallback second = new RecordingCallback();
        client.invokeAsync(addr, request(1, "first"), 10_000, first);
        CompletableFuture<RemotingCommand> firstFuture = futures.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        client.invokeAsync(addr, request(1, "second"), 10_000, second);
        CompletableFuture<RemotingCommand> secondFuture = futures.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(firstFuture).isNotNull();
        assertThat(secondFuture).as("the first pending future did not hold the executor's thread").isNotNull();
        assertThat(bodies).containsExactly("first", "second");
        assertThat(first.completed).hasValue(0);

        ExecutorService completer = fixture.executor("completer-", 1);
        completer.execute(() -> secondFuture.completeExceptionally(new IllegalStateException("async failure")));
        second.awaitDone();
        assertThat(second.response.get().getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(second.response.get().getRemark()).contains("async failure");
        assertThat(first.completed).hasValue(0);

        completer.execute(() -> firstFuture.complete(success("completed later")));
        first.awaitDone();
        assertThat(first.response.get().getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(body(first.response.get())).isEqualTo("completed later");
        assertThat(client.getResponseTableSize()).isZero();
    }

    @Test
    void anAnswerUsesTheSerializeTypeOfItsRequest() throws Exception {
        for (SerializeType serverDefault : SerializeType.values()) {
            NettyServerConfig config = LoopbackFixture.serverConfig();
            config.setSerializeType(serverDefault);
            NettyRemotingServer server = fixture.newServer(config, null);
            server.registerProcessor(1, echo(), null);
            server.registerProcessor(2, (ctx, request) -> {
                throw new IllegalStateException("failed");
            }, null);
            server.start();
            NettyRemotingClient client = fixture.client();
            String addr = addr(server);
            for (SerializeType type : SerializeType.values()) {
                for (int code : new int[] {1, 2, 999}) {
                    RemotingCommand request = request(code, "typed");
                    request.setSerializeTypeCurrentRPC(type);
                    RemotingCommand response = client.invokeSync(addr, request, 3000);
                    assertThat(response.getSerializeTypeCurrentRPC())
                            .as("server default %s, request %s, code %d", serverDefault, type, code)
                            .isEqualTo(type);
                }
            }
        }
    }

    @Test
    void aClientAnswersTheServerInTheSerializeTypeOfTheServersRequest() throws Exception {
        AtomicReference<Channel> clientChannel = new AtomicReference<>();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, (ctx, request) -> {
            clientChannel.set(ctx.channel());
            return success(null);
        }, null);
        server.start();
        NettyClientConfig config = LoopbackFixture.clientConfig();
        config.setSerializeType(SerializeType.JSON);
        NettyRemotingClient client = fixture.newClient(config, null);
        client.registerProcessor(100, echo(), null);
        client.start();
        client.invokeSync(addr(server), request(1, null), 3000);

        for (SerializeType type : SerializeType.values()) {
            RemotingCommand request = request(100, "to the client");
            request.setSerializeTypeCurrentRPC(type);
            RemotingCommand response = server.invokeSync(clientChannel.get(), request, 3000);
            assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(type);
            assertThat(body(response)).isEqualTo("to the client");
        }
    }

    @Test
    void aMissingRequiredHeaderFieldIsASystemErrorNamingTheField() throws Exception {
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, (ctx, request) -> {
            RequiredHeader header = request.decodeCommandCustomHeader(RequiredHeader.class);
            return success(header.topic + "/" + header.queueId);
        }, null);
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        RemotingCommand missing = request(1, null);
        missing.addExtField("queueId", "3");
        RemotingCommand response = client.invokeSync(addr, missing, 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).contains("topic");

        RequiredHeader header = new RequiredHeader();
        header.topic = "orders";
        header.queueId = 3;
        RemotingCommand complete = RemotingCommand.createRequestCommand(1, header);
        RemotingCommand ok = client.invokeSync(addr, complete, 3000);
        assertThat(ok.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(body(ok)).isEqualTo("orders/3");
    }

    static final class RequiredHeader implements CommandCustomHeader {
        @CFNotNull
        private String topic;
        private Integer queueId;

        @Override
        public void checkFields() {
        }
    }
}
