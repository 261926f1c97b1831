package dev.remoting.netty;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.InterceptedCall;
import dev.remoting.InterceptedCall.Side;
import dev.remoting.Interception;
import dev.remoting.InvokeCallback;
import dev.remoting.RPCHook;
import dev.remoting.RemotingInterceptor;
import dev.remoting.RemotingMetricsListener.CallOutcome;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.ResponseFuture;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.internal.call.InterceptorChain;
import dev.remoting.netty.LoopbackFixture.RecordingCallback;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultEventLoop;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static dev.remoting.netty.LoopbackFixture.addr;
import static dev.remoting.netty.LoopbackFixture.body;
import static dev.remoting.netty.LoopbackFixture.pass;
import static dev.remoting.netty.LoopbackFixture.request;
import static dev.remoting.netty.LoopbackFixture.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Interceptors on both sides of real calls over loopback: where they begin, which threads run inside their scope,
 * and how (and how often) each call ends, as {@link RemotingInterceptor}'s javadoc specifies.
 */
@ExtendWith(ProvokedLogs.class)
class RemotingInterceptorTest {

    private static final int ECHO = 1;
    /** Answers once the test opens the gate. */
    private static final int GATED = 2;
    /** Answers with an application's error code. */
    private static final int ERROR_CODE = 3;
    private static final int TOPIC_NOT_EXIST = 17;
    /** Throws. */
    private static final int FAILING = 4;
    /** An async processor, answered by the test. */
    private static final int ASYNC = 5;
    /** Chooses its answer by throwing. */
    private static final int CHOSEN = 6;
    private static final int UNKNOWN = 99;
    /** Sent by the server to the client over the client's connection. */
    private static final int TO_CLIENT = 7;

    /** What the scope of the interception running on this thread made current: its call's id. */
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private final LoopbackFixture fixture = new LoopbackFixture();
    /** The events of one test, in the order they happened, from both sides. */
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> processorSaw = new CopyOnWriteArrayList<>();
    private final AtomicInteger processed = new AtomicInteger();
    private final AtomicReference<CompletableFuture<@Nullable RemotingCommand>> asyncAnswer =
            new AtomicReference<>();
    private final CompletableFuture<Void> asyncStarted = new CompletableFuture<>();
    private final CompletableFuture<Void> gatedStarted = new CompletableFuture<>();
    private CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    /** One interceptor's view of one call: what it saw at begin, and each end it was told. */
    static final class Recorded {
        final String id;
        final InterceptedCall call;
        final @Nullable String remoteAtBegin;
        final List<Ending> ends = new CopyOnWriteArrayList<>();
        final CompletableFuture<Ending> ended = new CompletableFuture<>();

        Recorded(String id, InterceptedCall call) {
            this.id = id;
            this.call = call;
            this.remoteAtBegin = call.remoteAddress();
        }

        Ending awaitEnd() throws Exception {
            return ended.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    record Ending(@Nullable RemotingCommand response, @Nullable Throwable error, @Nullable String remoteAddress,
            @Nullable String current) {
        CallOutcome outcome() {
            return CallOutcome.of(response, error);
        }
    }

    /**
     * Logs "name:begin", "name:open", "name:close" and "name:end" to the test's log, makes "name-n" current in its
     * scope, and on the client adds that id to the request as extField "trace-name".
     */
    final class Recorder implements RemotingInterceptor {
        final String name;
        final List<Recorded> calls = new CopyOnWriteArrayList<>();
        volatile @Nullable RuntimeException beginFailure;
        volatile @Nullable RuntimeException endFailure;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public Interception begin(InterceptedCall call) {
            log.add(name + ":begin");
            RuntimeException failure = beginFailure;
            if (failure != null) {
                throw failure;
            }
            Recorded recorded = new Recorded(name + "-" + calls.size(), call);
            calls.add(recorded);
            if (call.side() == Side.CLIENT) {
                call.request().addExtField("trace-" + name, recorded.id);
            }
            return new Interception() {
                @Override
                public Scope openScope() {
                    log.add(name + ":open");
                    String previous = CURRENT.get();
                    CURRENT.set(recorded.id);
                    return () -> {
                        log.add(name + ":close");
                        if (previous == null) {
                            CURRENT.remove();
                        } else {
                            CURRENT.set(previous);
                        }
                    };
                }

                @Override
                public void end(@Nullable RemotingCommand response, @Nullable Throwable error) {
                    log.add(name + ":end");
                    Ending ending = new Ending(response, error, call.remoteAddress(), CURRENT.get());
                    recorded.ends.add(ending);
                    recorded.ended.complete(ending);
                    RuntimeException failure = endFailure;
                    if (failure != null) {
                        throw failure;
                    }
                }
            };
        }

        Recorded only() {
            assertThat(calls).hasSize(1);
            return calls.get(0);
        }

        /** The {@code index}th call, once it has begun (on the serving side that is a moment after the client's). */
        Recorded awaitCall(int index) {
            LoopbackFixture.eventually().until(() -> calls.size() > index);
            return calls.get(index);
        }

        /** Every call this interceptor began has ended exactly once by now. */
        void assertEachEndedOnce() {
            assertThat(calls).allSatisfy(c -> assertThat(c.ends).as("ends of %s", c.id).hasSize(1));
        }
    }

    /** Logs "hook:before:trace-A=id" (the extField an interceptor added) and "hook:after:code". */
    final class LoggingHook implements RPCHook {
        @Override
        public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
            log.add("hook:before:" + trace(request));
        }

        @Override
        public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            log.add("hook:after:" + response.getCode());
        }
    }

    private static String trace(RemotingCommand request) {
        return request.getExtFields() == null ? "none" : String.valueOf(request.getExtFields().get("trace-A"));
    }

    /** A started server with the test's processors, after {@code interceptors} were registered. */
    private NettyRemotingServer server(RemotingInterceptor... interceptors) {
        return server(LoopbackFixture.serverConfig(), interceptors);
    }

    private NettyRemotingServer server(NettyServerConfig config, RemotingInterceptor... interceptors) {
        NettyRemotingServer server = fixture.newServer(config, null);
        for (RemotingInterceptor interceptor : interceptors) {
            server.registerInterceptor(interceptor);
        }
        server.registerProcessor(ECHO, (ctx, request) -> {
            processed.incrementAndGet();
            log.add("server:process:" + trace(request));
            processorSaw.add(String.valueOf(CURRENT.get()));
            return success(body(request));
        }, null);
        server.registerProcessor(GATED, (ctx, request) -> {
            gatedStarted.complete(null);
            pass(gate);
            return success("late");
        }, null);
        server.registerProcessor(ERROR_CODE,
                (ctx, request) -> RemotingCommand.createResponseCommand(TOPIC_NOT_EXIST, "no such topic"), null);
        server.registerProcessor(FAILING, (ctx, request) -> {
            processorSaw.add(String.valueOf(CURRENT.get()));
            throw new IllegalStateException("processor broken");
        }, null);
        server.registerProcessor(CHOSEN, (ctx, request) -> {
            throw new RemotingResponseException(TOPIC_NOT_EXIST, "no such topic");
        }, null);
        server.registerProcessor(ASYNC, new AsyncNettyRequestProcessor() {
            @Override
            public CompletableFuture<@Nullable RemotingCommand> processRequestAsync(ChannelHandlerContext ctx,
                    RemotingCommand request) {
                log.add("server:processAsync");
                processorSaw.add(String.valueOf(CURRENT.get()));
                CompletableFuture<@Nullable RemotingCommand> answer = new CompletableFuture<>();
                asyncAnswer.set(answer);
                asyncStarted.complete(null);
                return answer;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        }, null);
        server.start();
        return server;
    }

    private NettyRemotingClient client(RemotingInterceptor... interceptors) {
        NettyRemotingClient client = fixture.newClient(LoopbackFixture.clientConfig(), null);
        for (RemotingInterceptor interceptor : interceptors) {
            client.registerInterceptor(interceptor);
        }
        client.start();
        return client;
    }

    private static String deadAddr() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    private List<String> clientSide() {
        return log.stream().filter(e -> !e.startsWith("S") && !e.startsWith("server:")).toList();
    }

    private List<String> serverSide() {
        return log.stream().filter(e -> e.startsWith("S") || e.startsWith("server:")).toList();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------------------------ client

    @Test
    void theClientBeginsBeforeTheHooksAndEndsAfterThemBeforeTheCallback() throws Exception {
        String addr = addr(server());
        Recorder a = new Recorder("A");
        NettyRemotingClient client = client(a);
        client.registerRPCHook(new LoggingHook());

        assertThat(body(client.invokeSync(addr, request(ECHO, "sync"), 3000))).isEqualTo("sync");
        assertThat(log).containsExactly("A:begin", "hook:before:A-0", "server:process:A-0", "hook:after:0",
                "A:end");
        assertThat(a.only().awaitEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);

        log.clear();
        RecordingCallback callback = new RecordingCallback(() -> log.add("callback:" + CURRENT.get()));
        client.invokeAsync(addr, request(ECHO, "async"), 3000, callback);
        callback.awaitDone();
        // The callback counts as done inside its scope, which closes a moment later.
        LoopbackFixture.eventually().until(() -> log.size() >= 8);
        // The callback's methods (operationSucceed, then operationComplete) run in one scope.
        assertThat(log).containsExactly("A:begin", "hook:before:A-1", "server:process:A-1", "hook:after:0",
                "A:end", "A:open", "callback:A-1", "A:close");
        assertThat(a.calls.get(1).awaitEnd().response()).isSameAs(callback.response.get());
        a.assertEachEndedOnce();
    }

    @Test
    void theCallbackAndTheContinuationsOfAnInvokeFutureRunInTheScope() throws Exception {
        String addr = addr(server());
        Recorder a = new Recorder("A");
        NettyRemotingClient client = client(a);
        ExecutorService callbacks = fixture.executor("callbacks-", 1);
        client.setCallbackExecutor(callbacks);

        AtomicReference<String> inSucceed = new AtomicReference<>();
        CompletableFuture<String> inComplete = new CompletableFuture<>();
        client.invokeAsync(addr, request(ECHO, "async"), 3000, new InvokeCallback() {
            @Override
            public void operationSucceed(RemotingCommand response) {
                inSucceed.set(CURRENT.get() + "@" + Thread.currentThread().getName());
            }

            @Override
            public void operationComplete(ResponseFuture responseFuture) {
                inComplete.complete(CURRENT.get() + "@" + Thread.currentThread().getName());
            }
        });
        assertThat(await(inComplete)).isEqualTo("A-0@callbacks-1");
        assertThat(inSucceed.get()).isEqualTo("A-0@callbacks-1");
        assertThat(a.only().awaitEnd().current()).as("ended outside the scope").isNull();
        // The next task on the callback thread finds the scope closed.
        assertThat(callbacks.submit(CURRENT::get).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isNull();

        // The continuation is attached before the response can arrive: the server holds it until the gate opens.
        CompletableFuture<RemotingCommand> future = client.invoke(addr, request(GATED, null), 3000);
        CompletableFuture<String> seen = future.thenApply(response -> CURRENT.get() + ":" + body(response));
        gate.countDown();
        assertThat(await(seen)).isEqualTo("A-1:late");
        assertThat(CURRENT.get()).as("nothing leaks onto the calling thread").isNull();
        assertThat(callbacks.submit(CURRENT::get).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        a.assertEachEndedOnce();
    }

    @Test
    void eachCallEndsOnceWithItsOutcome() throws Exception {
        String addr = addr(server());
        String dead = deadAddr();
        Recorder a = new Recorder("A");
        NettyRemotingClient client = client(a);

        client.invokeSync(addr, request(ECHO, "ok"), 3000);
        assertThat(a.calls.get(0).awaitEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);

        assertThat(client.invokeSync(addr, request(ERROR_CODE, null), 3000).getCode()).isEqualTo(TOPIC_NOT_EXIST);
        Ending error = a.calls.get(1).awaitEnd();
        assertThat(error.outcome()).isEqualTo(CallOutcome.ERROR_RESPONSE);
        assertThat(error.response().getCode()).isEqualTo(TOPIC_NOT_EXIST);

        assertThatThrownBy(() -> client.invokeSync(addr, request(GATED, null), 200))
                .isInstanceOf(RemotingTimeoutException.class);
        assertThat(a.calls.get(2).awaitEnd().outcome()).isEqualTo(CallOutcome.TIMEOUT);
        gate.countDown();

        assertThatThrownBy(() -> client.invokeSync(dead, request(ECHO, "nobody"), 3000))
                .isInstanceOf(RemotingConnectException.class);
        assertThat(a.calls.get(3).awaitEnd().outcome()).isEqualTo(CallOutcome.CONNECT_FAILED);

        // An async call that cannot connect throws at its caller, its callback never runs, and it ends once.
        RecordingCallback never = new RecordingCallback();
        assertThatThrownBy(() -> client.invokeAsync(dead, request(ECHO, "nobody"), 3000, never))
                .isInstanceOf(RemotingConnectException.class);
        assertThat(a.calls.get(4).awaitEnd().outcome()).isEqualTo(CallOutcome.CONNECT_FAILED);
        assertThat(never.completed.get()).isZero();

        // The same with an async timeout, and with no callback at all: the interception still ends.
        gate = new CountDownLatch(1);
        RecordingCallback late = new RecordingCallback();
        client.invokeAsync(addr, request(GATED, null), 200, late);
        late.awaitDone();
        assertThat(late.failure.get()).isInstanceOf(RemotingTimeoutException.class);
        assertThat(a.calls.get(5).awaitEnd().outcome()).isEqualTo(CallOutcome.TIMEOUT);
        gate.countDown();
        client.invokeAsync(addr, request(ECHO, "no callback"), 3000, null);
        assertThat(a.calls.get(6).awaitEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);

        client.invokeOneway(addr, request(ECHO, "oneway"), 3000);
        Recorded oneway = a.calls.get(7);
        Ending written = oneway.awaitEnd();
        assertThat(oneway.call.mode()).isEqualTo(InvokeMode.ONEWAY);
        assertThat(written.response()).isNull();
        assertThat(written.error()).isNull();
        assertThat(written.outcome()).isEqualTo(CallOutcome.SUCCESS);

        // One more round trip, so that a second end of any call above would have had its chance to show.
        client.invokeSync(addr, request(ECHO, "last"), 3000);
        a.calls.get(8).awaitEnd();
        assertThat(a.calls).hasSize(9);
        assertThat(a.calls).extracting(c -> c.call.mode()).containsExactly(InvokeMode.SYNC, InvokeMode.SYNC,
                InvokeMode.SYNC, InvokeMode.SYNC, InvokeMode.ASYNC, InvokeMode.ASYNC, InvokeMode.ASYNC,
                InvokeMode.ONEWAY, InvokeMode.SYNC);
        a.assertEachEndedOnce();
    }

    @Test
    void aCallToAnyNameServerLearnsItsPeerWhenTheConnectionIsChosen() throws Exception {
        String addr = addr(server());
        Recorder a = new Recorder("A");
        NettyRemotingClient client = client(a);
        client.updateNameServerAddressList(List.of(addr));

        assertThat(body(client.invokeSync(null, request(ECHO, "ns"), 3000))).isEqualTo("ns");
        Recorded sync = a.only();
        assertThat(sync.remoteAtBegin).isNull();
        assertThat(sync.awaitEnd().remoteAddress()).isEqualTo(addr);

        RecordingCallback callback = new RecordingCallback();
        client.invokeAsync(null, request(ECHO, "ns-async"), 3000, callback);
        callback.awaitDone();
        assertThat(a.calls.get(1).remoteAtBegin).isNull();
        assertThat(a.calls.get(1).awaitEnd().remoteAddress()).isEqualTo(addr);

        // An address asked for is known from the start.
        client.invokeSync(addr, request(ECHO, "direct"), 3000);
        assertThat(a.calls.get(2).remoteAtBegin).isEqualTo(addr);
        a.assertEachEndedOnce();
    }

    @Test
    void anAsyncCallDeferredFromANettyThreadBeginsOnThatThread() throws Exception {
        String addr = addr(server());
        AtomicReference<Thread> beganOn = new AtomicReference<>();
        Recorder a = new Recorder("A");
        NettyRemotingClient client = client(call -> {
            beganOn.set(Thread.currentThread());
            return a.begin(call);
        });
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            RecordingCallback callback = new RecordingCallback();
            CompletableFuture<Thread> caller = new CompletableFuture<>();
            loop.execute(() -> {
                caller.complete(Thread.currentThread());
                try {
                    // Not connected yet, on a Netty thread: the call is handed to the public executor.
                    client.invokeAsync(addr, request(ECHO, "deferred"), 3000, callback);
                } catch (Exception e) {
                    callback.operationFail(e);
                }
            });
            callback.awaitDone();
            assertThat(callback.failure.get()).isNull();
            assertThat(body(callback.response.get())).isEqualTo("deferred");
            assertThat(beganOn.get()).isSameAs(await(caller));
            Ending end = a.only().awaitEnd();
            assertThat(end.outcome()).isEqualTo(CallOutcome.SUCCESS);
            assertThat(end.remoteAddress()).isEqualTo(addr);
            assertThat(processed.get()).isEqualTo(1);
            a.assertEachEndedOnce();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void onewayAndFailingCallsDeferredFromANettyThreadEndOnce() throws Exception {
        String addr = addr(server());
        String dead = deadAddr();
        Recorder a = new Recorder("A");
        NettyRemotingClient client = client(a);
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            CompletableFuture<Void> made = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    client.invokeOneway(addr, request(ECHO, "deferred-oneway"), 3000);
                    // No callback of the caller's: the interception still ends, with the connect failure.
                    client.invokeAsync(dead, request(ECHO, "deferred-nowhere"), 3000, null);
                    made.complete(null);
                } catch (Exception e) {
                    made.completeExceptionally(e);
                }
            });
            await(made);
            Recorded oneway = a.calls.get(0);
            Ending written = oneway.awaitEnd();
            assertThat(oneway.call.mode()).isEqualTo(InvokeMode.ONEWAY);
            assertThat(written.outcome()).isEqualTo(CallOutcome.SUCCESS);
            assertThat(written.response()).isNull();
            assertThat(written.remoteAddress()).isEqualTo(addr);
            Ending nowhere = a.calls.get(1).awaitEnd();
            assertThat(nowhere.outcome()).isEqualTo(CallOutcome.CONNECT_FAILED);
            assertThat(nowhere.error()).isInstanceOf(RemotingConnectException.class);
            LoopbackFixture.eventually().until(() -> processed.get() == 1);
            assertThat(a.calls).hasSize(2);
            a.assertEachEndedOnce();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aRetryAfterGoAwayIsPartOfTheSameCallAndEachRefusalEndsAtOnce() throws Exception {
        NettyServerConfig config = LoopbackFixture.serverConfig();
        config.setEnableShutdownGracefully(true);
        config.setShutdownWaitTimeSeconds(20);
        Recorder s = new Recorder("S");
        NettyRemotingServer server = server(config, s);
        String addr = addr(server);
        NettyRemotingClient probe = client();
        Recorder a = new Recorder("A");
        NettyRemotingClient client = client(a);
        // A request held by its processor keeps the server draining, answering new requests with GO_AWAY.
        CompletableFuture<RemotingCommand> held = probe.invoke(addr, request(GATED, null), 30_000);
        await(gatedStarted);
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);
        try {
            LoopbackFixture.eventually().until(() -> probe.invokeSync(addr, request(ECHO, "probe"), 2000).getCode()
                    == RemotingSysResponseCode.GO_AWAY);
            int before = s.calls.size();
            int servedBefore = processed.get();
            log.clear();

            // Its retry reaches the same server, still draining: the second GO_AWAY is the answer.
            RemotingCommand sync = client.invokeSync(addr, request(ECHO, "sync").markRetryable(), 3000);
            assertThat(sync.getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
            RecordingCallback callback = new RecordingCallback();
            client.invokeAsync(addr, request(ECHO, "async").markRetryable(), 3000, callback);
            callback.awaitDone();
            assertThat(callback.response.get().getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);

            assertThat(a.calls).hasSize(2).allSatisfy(call -> {
                assertThat(call.ends).hasSize(1);
                assertThat(call.ends.get(0).response().getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
                assertThat(call.ends.get(0).outcome()).isEqualTo(CallOutcome.ERROR_RESPONSE);
                assertThat(call.ends.get(0).remoteAddress()).isEqualTo(addr);
            });
            // Each attempt is a request of its own on the server, refused before any processor: no scope.
            s.awaitCall(before + 3);
            List<Recorded> refused = s.calls.subList(before, before + 4);
            assertThat(refused).allSatisfy(call -> {
                Ending end = call.awaitEnd();
                assertThat(call.call.knownCode()).isTrue();
                assertThat(end.response().getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
                assertThat(end.error()).isNull();
            });
            assertThat(serverSide()).doesNotContain("S:open");
            assertThat(processed.get()).isEqualTo(servedBefore);
        } finally {
            gate.countDown();
        }
        assertThat(body(await(held))).isEqualTo("late");
        await(shutdown);
        a.assertEachEndedOnce();
        s.assertEachEndedOnce();
    }

    // ------------------------------------------------------------------------------------------------ serving side

    @Test
    void theServerRunsTheProcessorInTheScopeAndEndsOnceTheResponseIsWritten() throws Exception {
        Recorder s = new Recorder("S");
        NettyRemotingServer server = server(s);
        String addr = addr(server);
        NettyRemotingClient client = client();

        assertThat(body(client.invokeSync(addr, request(ECHO, "hello"), 3000))).isEqualTo("hello");
        Recorded call = s.only();
        Ending end = call.awaitEnd();
        assertThat(processorSaw).containsExactly("S-0");
        assertThat(log).containsExactly("S:begin", "S:open", "server:process:none", "S:close", "S:end");
        assertThat(end.current()).as("ended after the scope closed").isNull();
        assertThat(end.response().getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(end.error()).isNull();
        assertThat(call.call.side()).isEqualTo(Side.SERVER);
        assertThat(call.call.mode()).isEqualTo(InvokeMode.SYNC);
        assertThat(call.call.knownCode()).isTrue();
        assertThat(call.call.remoteAddress()).isNotNull();

        // A processor that throws: the error it threw, with the SYSTEM_ERROR written for it.
        assertThat(client.invokeSync(addr, request(FAILING, null), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        Ending failed = s.calls.get(1).awaitEnd();
        assertThat(processorSaw).containsExactly("S-0", "S-1");
        assertThat(failed.error()).isInstanceOf(IllegalStateException.class).hasMessage("processor broken");
        assertThat(failed.response().getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);

        // A processor that chooses its answer by throwing: that exception, with the answer it chose.
        assertThat(client.invokeSync(addr, request(CHOSEN, null), 3000).getCode()).isEqualTo(TOPIC_NOT_EXIST);
        Ending chosen = s.calls.get(2).awaitEnd();
        assertThat(chosen.error()).isInstanceOf(RemotingResponseException.class);
        assertThat(chosen.response().getCode()).isEqualTo(TOPIC_NOT_EXIST);

        // An unknown code: begun and ended at once, with the refusal, no scope.
        log.clear();
        assertThat(client.invokeSync(addr, request(UNKNOWN, null), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        Recorded unknown = s.calls.get(3);
        Ending refused = unknown.awaitEnd();
        assertThat(unknown.call.knownCode()).isFalse();
        assertThat(refused.response().getCode()).isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(refused.error()).isNull();
        assertThat(log).containsExactly("S:begin", "S:end");

        // A oneway request: no response, no error.
        log.clear();
        client.invokeOneway(addr, request(ECHO, "oneway"), 3000);
        Recorded oneway = s.awaitCall(4);
        Ending onewayEnd = oneway.awaitEnd();
        assertThat(oneway.call.mode()).isEqualTo(InvokeMode.ONEWAY);
        assertThat(onewayEnd.response()).isNull();
        assertThat(onewayEnd.error()).isNull();
        assertThat(log).containsExactly("S:begin", "S:open", "server:process:none", "S:close", "S:end");
        s.assertEachEndedOnce();
    }

    @Test
    void theServersCallsToItsClientsAreInterceptedAsClientCallsAndCarryWhatTheInterceptorAdds() throws Exception {
        Recorder s = new Recorder("S");
        NettyRemotingServer server = server(s);
        NettyRemotingClient client = fixture.newClient(LoopbackFixture.clientConfig(), null);
        List<String> clientSaw = new CopyOnWriteArrayList<>();
        client.registerProcessor(TO_CLIENT, (ctx, request) -> {
            clientSaw.add(String.valueOf(request.getExtFields().get("trace-S")));
            return success("from client");
        }, null);
        client.start();
        assertThat(body(client.invokeSync(addr(server), request(ECHO, "hello"), 3000))).isEqualTo("hello");
        io.netty.channel.Channel toClient = server.getChannels().iterator().next();

        assertThat(body(server.invokeSync(toClient, request(TO_CLIENT, null), 3000))).isEqualTo("from client");
        Recorded sync = s.awaitCall(1);
        assertThat(sync.call.side()).isEqualTo(Side.CLIENT);
        assertThat(sync.call.mode()).isEqualTo(InvokeMode.SYNC);
        assertThat(sync.awaitEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);

        CompletableFuture<String> inScope = new CompletableFuture<>();
        server.invokeAsync(toClient, request(TO_CLIENT, null), 3000,
                responseFuture -> inScope.complete(String.valueOf(CURRENT.get())));
        assertThat(await(inScope)).isEqualTo("S-2");
        assertThat(s.calls.get(2).awaitEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);

        server.invokeOneway(toClient, request(TO_CLIENT, null), 3000);
        assertThat(s.awaitCall(3).awaitEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
        LoopbackFixture.eventually().until(() -> clientSaw.size() == 3);
        assertThat(clientSaw).containsExactly("S-1", "S-2", "S-3");
        s.assertEachEndedOnce();
    }

    @Test
    void anAsyncProcessorAnswersInTheScopeAgainAndEndsAfterIt() throws Exception {
        Recorder s = new Recorder("S");
        String addr = addr(server(s));
        NettyRemotingClient client = client();

        CompletableFuture<RemotingCommand> response = client.invoke(addr, request(ASYNC, null), 3000);
        await(asyncStarted);
        assertThat(processorSaw).containsExactly("S-0");
        // Completed on a thread of the test's, outside any scope: the answer is written in the request's scope.
        asyncAnswer.get().complete(success("async"));
        assertThat(body(await(response))).isEqualTo("async");
        Ending end = s.only().awaitEnd();
        assertThat(end.current()).isNull();
        assertThat(end.response().getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(end.error()).isNull();
        assertThat(log).containsExactly("S:begin", "S:open", "server:processAsync", "S:close", "S:open", "S:close",
                "S:end");
        s.assertEachEndedOnce();
    }

    @Test
    void anAsyncProcessorsFailureIsEndedWithItsCause() throws Exception {
        Recorder s = new Recorder("S");
        String addr = addr(server(s));
        NettyRemotingClient client = client();

        CompletableFuture<RemotingCommand> response = client.invoke(addr, request(ASYNC, null), 3000);
        await(asyncStarted);
        IllegalArgumentException broken = new IllegalArgumentException("async broken");
        // As a dependent stage fails: with a CompletionException around the cause.
        asyncAnswer.get().completeExceptionally(new CompletionException(broken));
        assertThat(await(response).getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        Ending end = s.only().awaitEnd();
        assertThat(end.error()).isSameAs(broken);
        assertThat(end.response().getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        s.assertEachEndedOnce();
    }

    // ------------------------------------------------------------------------------------------------ several

    @Test
    void severalInterceptorsNestOnBothSides() throws Exception {
        Recorder a = new Recorder("A");
        Recorder b = new Recorder("B");
        Recorder sa = new Recorder("SA");
        Recorder sb = new Recorder("SB");
        String addr = addr(server(sa, sb));
        NettyRemotingClient client = client(a, b);

        client.invokeSync(addr, request(ECHO, "x"), 3000);
        sa.only().awaitEnd();
        // The server ends its call after writing the response, so its end and the client's may interleave.
        assertThat(clientSide()).containsExactly("A:begin", "B:begin", "B:end", "A:end");
        assertThat(serverSide()).containsExactly("SA:begin", "SB:begin", "SA:open", "SB:open", "server:process:A-0",
                "SB:close", "SA:close", "SB:end", "SA:end");
        assertThat(log.indexOf("B:begin")).isLessThan(log.indexOf("SA:begin"));
        assertThat(log.indexOf("server:process:A-0")).isLessThan(log.indexOf("B:end"));
        assertThat(processorSaw).containsExactly("SB-0");

        log.clear();
        RecordingCallback callback = new RecordingCallback(() -> log.add("callback:" + CURRENT.get()));
        client.invokeAsync(addr, request(ECHO, "y"), 3000, callback);
        callback.awaitDone();
        sa.calls.get(1).awaitEnd();
        // The callback counts as done inside its scopes, which close a moment later.
        LoopbackFixture.eventually().until(() -> clientSide().size() >= 9);
        assertThat(clientSide()).containsExactly("A:begin", "B:begin", "B:end", "A:end",
                "A:open", "B:open", "callback:B-1", "B:close", "A:close");
        List.of(a, b, sa, sb).forEach(Recorder::assertEachEndedOnce);
    }

    @Test
    void anEndThatThrowsIsLoggedAndTheCallGoesOn() throws Exception {
        Logger chainLog = (Logger) LoggerFactory.getLogger(InterceptorChain.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        chainLog.addAppender(lines);
        try {
            Recorder a = new Recorder("A");
            Recorder b = new Recorder("B");
            b.endFailure = new IllegalStateException("end broken");
            Recorder s = new Recorder("S");
            s.endFailure = new IllegalStateException("server end broken");
            String addr = addr(server(s));
            NettyRemotingClient client = client(a, b);

            assertThat(body(client.invokeSync(addr, request(ECHO, "sync"), 3000))).isEqualTo("sync");
            RecordingCallback callback = new RecordingCallback();
            client.invokeAsync(addr, request(ECHO, "async"), 3000, callback);
            callback.awaitDone();
            assertThat(body(callback.response.get())).isEqualTo("async");
            // The interceptor begun before the one that failed still ended.
            assertThat(a.calls).hasSize(2);
            a.calls.get(1).awaitEnd();
            a.assertEachEndedOnce();
            b.assertEachEndedOnce();
            s.calls.get(1).awaitEnd();
            assertThat(body(client.invokeSync(addr, request(ECHO, "again"), 3000))).isEqualTo("again");
            // The server's line follows its end, which follows the response: it may come a moment after the call.
            LoopbackFixture.eventually().untilAsserted(() -> {
                synchronized (lines) {
                    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                            .anyMatch(m -> m.startsWith("interceptor end failed for InterceptedCall[CLIENT"))
                            .anyMatch(m -> m.startsWith("interceptor end failed for InterceptedCall[SERVER"));
                }
            });
        } finally {
            chainLog.detachAppender(lines);
        }
    }

    @Test
    void aBeginThatThrowsFailsTheClientCallAndIsAnsweredSystemErrorByTheServer() throws Exception {
        Recorder s = new Recorder("S");
        s.beginFailure = new IllegalStateException("server begin broken");
        String addr = addr(server(s));
        Recorder a = new Recorder("A");
        Recorder b = new Recorder("B");
        IllegalStateException broken = new IllegalStateException("begin broken");
        b.beginFailure = broken;
        NettyRemotingClient client = client(a, b);

        assertThatThrownBy(() -> client.invokeSync(addr, request(ECHO, "x"), 3000)).isSameAs(broken);
        RecordingCallback callback = new RecordingCallback();
        assertThatThrownBy(() -> client.invokeAsync(addr, request(ECHO, "x"), 3000, callback)).isSameAs(broken);
        assertThatThrownBy(() -> client.invokeOneway(addr, request(ECHO, "x"), 3000)).isSameAs(broken);
        CompletableFuture<RemotingCommand> future = client.invoke(addr, request(ECHO, "x"), 3000);
        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::join).hasCause(broken);
        assertThat(callback.completed.get()).isZero();
        // A, begun before B failed, ended with B's exception; nothing was sent.
        assertThat(a.calls).hasSize(4).allSatisfy(c -> {
            assertThat(c.ends).hasSize(1);
            assertThat(c.ends.get(0).error()).isSameAs(broken);
        });
        assertThat(b.calls).isEmpty();
        assertThat(log).doesNotContain("S:begin");

        b.beginFailure = null;
        RemotingCommand answer = client.invokeSync(addr, request(ECHO, "x"), 3000);
        assertThat(answer.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(processed.get()).as("the processor never ran").isZero();
        assertThat(s.calls).isEmpty();
        a.assertEachEndedOnce();
        b.assertEachEndedOnce();
    }
}
