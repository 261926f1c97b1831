package dev.remoting.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.remoting.InvokeCallback;
import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.ResponseFuture;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak: mixed sync, async and oneway traffic from two clients (one per header serialization) against a server in
 * the same JVM, at a steady, modest rate, for {@code -Dsoak.seconds} (default 30, which CI runs). It fails on any
 * lost or wrong response, on a callback that runs twice, on a oneway request that never arrives, on a permit or
 * response-table entry that does not come back, on a buffer leak (paranoid leak detection), and on a heap that keeps
 * growing: the used heap after a full GC is sampled at intervals, and the lowest samples of the last third of the run
 * may not exceed the lowest of the first third by more than {@value #HEAP_GROWTH_BOUND_MIB} MiB.
 *
 * <p>A long run: {@code mvn -B test -pl remoting-core -Dtest=SoakTest -Dsoak.seconds=600}
 */
class SoakTest {

    private static final int SECONDS = Integer.getInteger("soak.seconds", 30);
    private static final int ECHO = 1;
    private static final int ASYNC_ECHO = 2;
    private static final int ONEWAY_SINK = 3;
    /** Every tick: this many async calls and oneway requests per client, and as many sync calls released. */
    private static final long TICK_MILLIS = 10;
    private static final int ASYNC_PER_TICK = 1;
    private static final int ONEWAY_PER_TICK = 1;
    private static final int SYNC_PER_TICK = 1;
    private static final long CALL_TIMEOUT_MILLIS = 10_000;
    private static final long HEAP_GROWTH_BOUND_MIB = 16;
    private static final int ASYNC_PERMITS = 1024;
    private static final int ONEWAY_PERMITS = 1024;

    private final List<NettyRemotingClient> clients = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private NettyRemotingServer server;

    private final AtomicLong syncOk = new AtomicLong();
    private final AtomicLong asyncOk = new AtomicLong();
    private final AtomicLong onewaySent = new AtomicLong();
    private final AtomicLong onewayReceived = new AtomicLong();
    private final AtomicLong failureCount = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    /** Stands for "no body" in {@link #outstandingAsync}, which cannot hold null. */
    private static final byte[] NO_BODY = new byte[0];

    private final Map<Integer, byte[]> outstandingAsync = new ConcurrentHashMap<>();
    private final List<Long> heapSamples = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        executors.forEach(ExecutorService::shutdownNow);
        clients.forEach(NettyRemotingClient::shutdown);
        if (server != null) {
            server.shutdown();
        }
    }

    @Test
    @Timeout(value = 7, unit = TimeUnit.DAYS) // the run bounds itself below, by its own chosen duration
    void mixedTrafficLosesNothingLeaksNothingAndKeepsTheHeapFlat() {
        assertTimeoutPreemptively(Duration.ofSeconds(SECONDS).plusMinutes(2), this::soak);
    }

    private void soak() throws Exception {
        startServer();
        for (SerializeType type : SerializeType.values()) {
            clients.add(startClient(type));
        }
        String addr = "127.0.0.1:" + server.localListenPort();

        ScheduledExecutorService ticker = executor(Executors.newScheduledThreadPool(1));
        ExecutorService syncCallers = executor(Executors.newFixedThreadPool(clients.size()));
        Semaphore syncTokens = new Semaphore(0);
        AtomicBoolean running = new AtomicBoolean(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);

        List<CompletableFuture<Void>> syncLoops = new ArrayList<>();
        for (NettyRemotingClient client : clients) {
            syncLoops.add(CompletableFuture.runAsync(() -> syncLoop(client, addr, syncTokens, running), syncCallers));
        }
        ticker.scheduleAtFixedRate(() -> tick(addr, syncTokens), 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        long sampleEvery = Math.max(3, SECONDS / 12);
        ticker.scheduleAtFixedRate(() -> heapSamples.add(usedHeapAfterGc()), sampleEvery, sampleEvery,
                TimeUnit.SECONDS);

        Awaitility.await("the soak duration").pollInSameThread().pollInterval(Duration.ofMillis(250))
                .atMost(Duration.ofSeconds(SECONDS + 5)).until(() -> System.nanoTime() >= deadline
                        || failureCount.get() > 0);
        running.set(false);
        ticker.shutdown();
        assertThat(ticker.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        syncTokens.release(Integer.MAX_VALUE / 2);
        CompletableFuture.allOf(syncLoops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        // Drain: every async call answered, every oneway request arrived, every permit and table entry back.
        Awaitility.await("async calls outstanding: " + outstandingAsync.size()).pollInterval(Duration.ofMillis(20))
                .atMost(Duration.ofSeconds(30)).until(outstandingAsync::isEmpty);
        Awaitility.await("oneway requests received").pollInterval(Duration.ofMillis(20))
                .atMost(Duration.ofSeconds(30)).until(() -> onewayReceived.get() == onewaySent.get());
        for (NettyRemotingClient client : clients) {
            Awaitility.await("permits back").pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10))
                    .until(() -> client.getAvailableAsyncPermits() == ASYNC_PERMITS
                            && client.getAvailableOnewayPermits() == ONEWAY_PERMITS);
            assertThat(client.getResponseTableSize()).isZero();
            assertThat(client.getConnectionCount()).as("one connection all along").isEqualTo(1);
        }
        assertThat(server.getResponseTableSize()).isZero();
        assertThat(server.getConnectionCount()).isEqualTo(clients.size());
        heapSamples.add(usedHeapAfterGc());

        String summary = String.format("soak of %ds: %d sync, %d async, %d oneway calls; failures %d; "
                + "heap after GC (MiB): %s", SECONDS, syncOk.get(), asyncOk.get(), onewaySent.get(),
                failureCount.get(), heapSamples.stream().map(b -> b / (1024 * 1024)).toList());
        System.out.println(summary);
        assertThat(failures).as(summary).isEmpty();
        assertThat(failureCount.get()).as(summary).isZero();
        long expectedCalls = SECONDS * 1000L / TICK_MILLIS / 4; // a quarter of the nominal rate, on a slow machine
        assertThat(syncOk.get()).as(summary).isGreaterThan(expectedCalls);
        assertThat(asyncOk.get()).as(summary).isGreaterThan(expectedCalls);
        assertThat(onewaySent.get()).as(summary).isGreaterThan(expectedCalls);
        assertHeapDoesNotKeepGrowing(summary);
    }

    private void startServer() {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        config.setServerSelectorThreads(1);
        config.setServerWorkerThreads(2);
        config.setServerCallbackExecutorThreads(4);
        server = new NettyRemotingServer(config);
        server.registerProcessor(ECHO, (ctx, request) -> echo(request), null);
        ExecutorService asyncWork = executor(Executors.newFixedThreadPool(2));
        server.registerProcessor(ASYNC_ECHO, (AsyncNettyRequestProcessor) (ctx, request) ->
                CompletableFuture.supplyAsync(() -> echo(request), asyncWork), null);
        server.registerProcessor(ONEWAY_SINK, (ctx, request) -> {
            if (!request.isOnewayRPC()) {
                fail("a oneway request arrived without the oneway flag");
            }
            onewayReceived.incrementAndGet();
            return null;
        }, null);
        server.start();
    }

    private NettyRemotingClient startClient(SerializeType type) {
        NettyClientConfig config = new NettyClientConfig();
        config.setSerializeType(type);
        config.setClientWorkerThreads(1);
        config.setClientCallbackExecutorThreads(2);
        config.setClientAsyncSemaphoreValue(ASYNC_PERMITS);
        config.setClientOnewaySemaphoreValue(ONEWAY_PERMITS);
        NettyRemotingClient client = new NettyRemotingClient(config);
        client.start();
        return client;
    }

    private static RemotingCommand echo(RemotingCommand request) {
        RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        response.setBody(request.getBody());
        return response;
    }

    /** One tick of steady traffic from every client: async calls, oneway requests, and sync calls released. */
    private void tick(String addr, Semaphore syncTokens) {
        try {
            for (NettyRemotingClient client : clients) {
                for (int i = 0; i < ASYNC_PER_TICK; i++) {
                    asyncCall(client, addr);
                }
                for (int i = 0; i < ONEWAY_PER_TICK; i++) {
                    RemotingCommand request = RemotingCommand.createRequestCommand(ONEWAY_SINK, null);
                    request.setBody(randomBody());
                    client.invokeOneway(addr, request, CALL_TIMEOUT_MILLIS);
                    onewaySent.incrementAndGet();
                }
            }
            syncTokens.release(SYNC_PER_TICK * clients.size());
        } catch (Exception | AssertionError e) {
            fail("tick: " + e + " at " + Arrays.toString(e.getStackTrace()));
        }
    }

    private void asyncCall(NettyRemotingClient client, String addr) throws Exception {
        byte[] body = randomBody();
        RemotingCommand request = RemotingCommand.createRequestCommand(ASYNC_ECHO, null);
        request.setBody(body);
        request.addExtField("n", Long.toString(ThreadLocalRandom.current().nextLong()));
        int opaque = request.getOpaque();
        outstandingAsync.put(opaque, body == null ? NO_BODY : body);
        client.invokeAsync(addr, request, CALL_TIMEOUT_MILLIS, new InvokeCallback() {
            @Override
            public void operationComplete(ResponseFuture responseFuture) {
            }

            @Override
            public void operationSucceed(RemotingCommand response) {
                byte[] expected = outstandingAsync.remove(opaque);
                if (expected == null) {
                    fail("async response for " + opaque + " arrived twice or for a call never made");
                } else if (response.getCode() != RemotingSysResponseCode.SUCCESS
                        || !sameBody(expected, response.getBody())) {
                    fail("wrong async response " + response);
                } else {
                    asyncOk.incrementAndGet();
                }
            }

            @Override
            public void operationFail(Throwable throwable) {
                outstandingAsync.remove(opaque);
                fail("async call failed: " + throwable);
            }
        });
    }

    private void syncLoop(NettyRemotingClient client, String addr, Semaphore tokens, AtomicBoolean running) {
        while (running.get()) {
            try {
                if (!tokens.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (!running.get()) {
                    return;
                }
                byte[] body = randomBody();
                RemotingCommand request = RemotingCommand.createRequestCommand(ECHO, null);
                request.setBody(body);
                RemotingCommand response = client.invokeSync(addr, request, CALL_TIMEOUT_MILLIS);
                if (response.getCode() != RemotingSysResponseCode.SUCCESS || !sameBody(body, response.getBody())) {
                    fail("wrong sync response " + response);
                } else {
                    syncOk.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                fail("sync call failed: " + e);
            }
        }
    }

    /** No body and an empty one look the same on the wire (body length 0). */
    private static boolean sameBody(byte[] sent, byte[] received) {
        return Arrays.equals(sent == null ? NO_BODY : sent, received == null ? NO_BODY : received);
    }

    /** Mostly small bodies, sometimes none, now and then 64 KiB. */
    private static byte[] randomBody() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int choice = random.nextInt(100);
        if (choice < 5) {
            return null;
        }
        byte[] body = new byte[choice < 7 ? 64 * 1024 : random.nextInt(4096)];
        random.nextBytes(body);
        return body;
    }

    private void fail(String failure) {
        if (failureCount.incrementAndGet() <= 20) {
            failures.add(failure);
        }
    }

    private void assertHeapDoesNotKeepGrowing(String summary) {
        int third = Math.max(1, heapSamples.size() / 3);
        long early = heapSamples.subList(0, third).stream().mapToLong(Long::longValue).min().orElseThrow();
        long late = heapSamples.subList(heapSamples.size() - third, heapSamples.size()).stream()
                .mapToLong(Long::longValue).min().orElseThrow();
        assertThat(heapSamples).as(summary).hasSizeGreaterThanOrEqualTo(3);
        assertThat((late - early) / (1024 * 1024)).as("heap growth from the first to the last third of the run, "
                + "MiB; " + summary).isLessThanOrEqualTo(HEAP_GROWTH_BOUND_MIB);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private <T extends ExecutorService> T executor(T executor) {
        executors.add(executor);
        return executor;
    }
}
