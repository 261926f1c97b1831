package dev.remoting.netty;

import dev.remoting.InvokeCallback;
import dev.remoting.ResponseFuture;
import dev.remoting.netty.LoopbackFixture.RecordingCallback;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static dev.remoting.netty.LoopbackFixture.addr;
import static dev.remoting.netty.LoopbackFixture.body;
import static dev.remoting.netty.LoopbackFixture.echo;
import static dev.remoting.netty.LoopbackFixture.eventually;
import static dev.remoting.netty.LoopbackFixture.request;
import static dev.remoting.netty.LoopbackFixture.success;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Sync, async, future and oneway calls in both directions over one loopback connection, and opaque correlation
 * under concurrency (docs/protocol.md §7.1, §7.2).
 */
class InvocationTest {

    private static final int ECHO = 1;
    private static final int ONEWAY_SINK = 2;
    private static final int CLIENT_ECHO = 100;
    private static final int CLIENT_SINK = 101;

    private final LoopbackFixture fixture = new LoopbackFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void clientCallsServerSyncAsyncFutureAndOneway() throws Exception {
        BlockingQueue<RemotingCommand> onewayRequests = new LinkedBlockingQueue<>();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(ECHO, echo(), null);
        server.registerProcessor(ONEWAY_SINK, (ctx, request) -> {
            onewayRequests.add(request);
            return success("ignored");
        }, null);
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        RemotingCommand syncRequest = request(ECHO, "sync");
        RemotingCommand syncResponse = client.invokeSync(addr, syncRequest, 3000);
        assertThat(syncResponse.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(syncResponse.isResponseType()).isTrue();
        assertThat(syncResponse.getOpaque()).isEqualTo(syncRequest.getOpaque());
        assertThat(body(syncResponse)).isEqualTo("sync");

        RemotingCommand asyncRequest = request(ECHO, "async");
        RecordingCallback callback = new RecordingCallback();
        client.invokeAsync(addr, asyncRequest, 3000, callback);
        callback.awaitDone();
        assertThat(callback.succeeded).hasValue(1);
        assertThat(callback.failed).hasValue(0);
        assertThat(callback.completed).hasValue(1);
        assertThat(body(callback.response.get())).isEqualTo("async");
        assertThat(callback.response.get().getOpaque()).isEqualTo(asyncRequest.getOpaque());
        assertThat(callback.responseFuture.get().getResponseCommand()).isSameAs(callback.response.get());
        assertThat(callback.responseFuture.get().isSendRequestOK()).isTrue();
        assertThat(callback.thread.get().getName()).startsWith("NettyClientPublicExecutor");

        client.setCallbackExecutor(fixture.executor("my-callbacks-", 1));
        RecordingCallback onMyExecutor = new RecordingCallback();
        client.invokeAsync(addr, request(ECHO, "mine"), 3000, onMyExecutor);
        onMyExecutor.awaitDone();
        assertThat(body(onMyExecutor.response.get())).isEqualTo("mine");
        assertThat(onMyExecutor.thread.get().getName()).startsWith("my-callbacks-");

        RemotingCommand futureRequest = request(ECHO, "future");
        RemotingCommand futureResponse = client.invoke(addr, futureRequest, 3000)
                .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(body(futureResponse)).isEqualTo("future");
        assertThat(futureResponse.getOpaque()).isEqualTo(futureRequest.getOpaque());

        client.invokeOneway(addr, request(ONEWAY_SINK, "oneway"), 3000);
        RemotingCommand received = onewayRequests.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(received).isNotNull();
        assertThat(received.isOnewayRPC()).isTrue();
        assertThat(body(received)).isEqualTo("oneway");

        assertThat(client.getResponseTableSize()).isZero();
        assertThat(server.getConnectionCount()).isEqualTo(1);
        assertThat(client.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void serverCallsClientOnTheSameConnection() throws Exception {
        AtomicReference<Channel> clientChannelOnServer = new AtomicReference<>();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(ECHO, (ctx, request) -> {
            clientChannelOnServer.set(ctx.channel());
            return success(body(request));
        }, null);
        server.start();

        Set<Channel> channelsSeenByClient = ConcurrentHashMap.newKeySet();
        BlockingQueue<RemotingCommand> clientOneways = new LinkedBlockingQueue<>();
        NettyRemotingClient client = fixture.newClient(LoopbackFixture.clientConfig(), null);
        client.registerProcessor(CLIENT_ECHO, (ctx, request) -> {
            channelsSeenByClient.add(ctx.channel());
            return success("client:" + body(request));
        }, null);
        client.registerProcessor(CLIENT_SINK, (ctx, request) -> {
            channelsSeenByClient.add(ctx.channel());
            clientOneways.add(request);
            return null;
        }, null);
        client.start();
        String addr = addr(server);

        assertThat(body(client.invokeSync(addr, request(ECHO, "hello"), 3000))).isEqualTo("hello");
        Channel channel = clientChannelOnServer.get();
        assertThat(channel).isNotNull();

        RemotingCommand syncRequest = request(CLIENT_ECHO, "s-sync");
        RemotingCommand syncResponse = server.invokeSync(channel, syncRequest, 3000);
        assertThat(syncResponse.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(syncResponse.getOpaque()).isEqualTo(syncRequest.getOpaque());
        assertThat(body(syncResponse)).isEqualTo("client:s-sync");

        RecordingCallback callback = new RecordingCallback();
        server.invokeAsync(channel, request(CLIENT_ECHO, "s-async"), 3000, callback);
        callback.awaitDone();
        assertThat(callback.succeeded).hasValue(1);
        assertThat(body(callback.response.get())).isEqualTo("client:s-async");
        assertThat(callback.thread.get().getName()).startsWith("NettyServerPublicExecutor");

        server.invokeOneway(channel, request(CLIENT_SINK, "s-oneway"), 3000);
        RemotingCommand oneway = clientOneways.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(oneway).isNotNull();
        assertThat(oneway.isOnewayRPC()).isTrue();
        assertThat(body(oneway)).isEqualTo("s-oneway");

        // Everything travelled over the client's one connection: its local end is the server channel's remote end.
        assertThat(channelsSeenByClient).hasSize(1);
        Channel clientSide = channelsSeenByClient.iterator().next();
        assertThat(clientSide.localAddress()).isEqualTo(channel.remoteAddress());
        assertThat(clientSide.remoteAddress()).isEqualTo(channel.localAddress());
        assertThat(server.getConnectionCount()).isEqualTo(1);
        assertThat(client.getConnectionCount()).isEqualTo(1);

        // The client still works after answering the server.
        assertThat(body(client.invokeSync(addr, request(ECHO, "again"), 3000))).isEqualTo("again");
        assertThat(server.getResponseTableSize()).isZero();
        assertThat(server.getAvailableAsyncPermits()).isEqualTo(LoopbackFixture.serverConfig()
                .getServerAsyncSemaphoreValue());
        eventually().until(() -> server.getAvailableOnewayPermits() == LoopbackFixture.serverConfig()
                .getServerOnewaySemaphoreValue());
    }

    @Test
    void concurrentCallsFromManyThreadsEachGetTheirOwnResponse() throws Exception {
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        // Several processor threads, so responses go back in a different order than the requests came in.
        server.registerProcessor(ECHO, (ctx, request) -> {
            RemotingCommand response = success(body(request));
            response.addExtField("requestOpaque", Integer.toString(request.getOpaque()));
            return response;
        }, fixture.executor("echo-", 6));
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        int threads = 6;
        int callsPerThread = 150;
        ExecutorService callers = fixture.executor("caller-", threads);
        CountDownLatch start = new CountDownLatch(1);
        List<String> mismatches = new CopyOnWriteArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Callable<Integer> caller = () -> {
                LoopbackFixture.pass(start);
                List<CompletableFuture<Void>> pending = new ArrayList<>();
                for (int i = 0; i < callsPerThread; i++) {
                    String body = "t" + thread + "-c" + i;
                    RemotingCommand request = request(ECHO, body);
                    int opaque = request.getOpaque();
                    switch (i % 3) {
                        case 0 -> check(mismatches, body, opaque, client.invokeSync(addr, request, 10_000));
                        case 1 -> {
                            CompletableFuture<Void> done = new CompletableFuture<>();
                            client.invokeAsync(addr, request, 10_000, new InvokeCallback() {
                                @Override
                                public void operationComplete(ResponseFuture responseFuture) {
                                }

                                @Override
                                public void operationSucceed(RemotingCommand response) {
                                    check(mismatches, body, opaque, response);
                                    done.complete(null);
                                }

                                @Override
                                public void operationFail(Throwable throwable) {
                                    done.completeExceptionally(throwable);
                                }
                            });
                            pending.add(done);
                        }
                        default -> pending.add(client.invoke(addr, request, 10_000)
                                .thenAccept(response -> check(mismatches, body, opaque, response)));
                    }
                }
                CompletableFuture.allOf(pending.toArray(new CompletableFuture[0]))
                        .get(PATIENCE.toMillis() * 2, TimeUnit.MILLISECONDS);
                return callsPerThread;
            };
            results.add(callers.submit(caller));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> result : results) {
            total += result.get(PATIENCE.toMillis() * 4, TimeUnit.MILLISECONDS);
        }
        assertThat(total).isEqualTo(threads * callsPerThread);
        assertThat(mismatches).isEmpty();
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(LoopbackFixture.clientConfig()
                .getClientAsyncSemaphoreValue());
        assertThat(server.getConnectionCount()).isEqualTo(1);
    }

    private static void check(List<String> mismatches, String body, int opaque, RemotingCommand response) {
        if (response.getCode() != RemotingSysResponseCode.SUCCESS || !body.equals(body(response))
                || response.getOpaque() != opaque
                || !Integer.toString(opaque).equals(response.getExtFields().get("requestOpaque"))) {
            mismatches.add(body + " (opaque " + opaque + ") got " + response + " body " + body(response));
        }
    }
}
