package dev.remoting.netty;

import static dev.remoting.netty.InboundBudgetTest.assertEcho;
import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The public executor, which runs the processors registered without an executor and the default processor, queues
 * a bounded number of requests (issue "Hardening II", case 5): a request it cannot take is answered SYSTEM_BUSY at
 * once, a oneway one is dropped, and processors on executors of their own keep answering.
 */
class PublicExecutorTest {

    private static final int SLOW = 5;
    private static final int UNREGISTERED = 4242;
    private static final int QUEUE = 8;

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void theDefaultPublicExecutorIsBounded() {
        NettyRemotingServer server = fixture.server(ServerClientFixture.serverConfig(), s -> {
        });
        assertThat(server.getPublicExecutor()).isInstanceOfSatisfying(ThreadPoolExecutor.class,
                executor -> assertThat(executor.getQueue().remainingCapacity())
                        .isEqualTo(new NettyServerConfig().getPublicExecutorQueueCapacity()));
    }

    @Test
    void requestsThePublicExecutorCannotQueueAreAnsweredSystemBusyAtOnce() throws Exception {
        CountDownLatch gate = fixture.latch();
        AtomicInteger entered = new AtomicInteger();
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setServerCallbackExecutorThreads(1);
        config.setPublicExecutorQueueCapacity(QUEUE);
        ExecutorService own = Executors.newFixedThreadPool(2);
        fixture.closeLater(new InboundBudgetTest.ExecutorCloser(own));
        NettyRemotingServer server = fixture.server(config, s -> {
            s.registerProcessor(SLOW, (ctx, request) -> {
                entered.incrementAndGet();
                gate.await();
                return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            }, null);
            // The echo runs on an executor of its own, so it is not behind the blocked public executor.
            s.registerProcessor(ServerClientFixture.ECHO, ServerClientFixture.echo(), own);
            s.registerDefaultProcessor((ctx, request) -> RemotingCommand.createResponseCommand(
                    RemotingSysResponseCode.SUCCESS, "default"), null);
        });
        assertThat(server.getDefaultProcessorPair().executor()).isSameAs(server.getPublicExecutor());
        NettyRemotingClient client = fixture.client();
        NettyRemotingClient good = fixture.client();
        String addr = addr(server);

        // One request runs (and blocks), eight wait in the queue: the ninth and later are refused at once.
        List<CompletableFuture<RemotingCommand>> accepted = new ArrayList<>();
        for (int i = 0; i < 1 + QUEUE; i++) {
            accepted.add(client.invoke(addr, RemotingCommand.createRequestCommand(SLOW, null), 20_000));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> entered.get() == 1
                && ((ThreadPoolExecutor) server.getPublicExecutor()).getQueue().size() == QUEUE);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            RemotingCommand busy = client.invokeSync(addr, RemotingCommand.createRequestCommand(SLOW, null), 20_000);
            assertThat(busy.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_BUSY);
            RemotingCommand viaDefault = client.invokeSync(addr, RemotingCommand.createRequestCommand(UNREGISTERED,
                    null), 20_000);
            assertThat(viaDefault.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_BUSY);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at once, not after a timeout")
                .isLessThan(Duration.ofSeconds(5));

        // A flood of oneway requests: the queue stays bounded, and what the server holds for it too.
        RemotingCommand oneway = ServerClientFixture.request(SLOW, new byte[4096]);
        for (int i = 0; i < 2000; i++) {
            RemotingCommand copy = ServerClientFixture.request(SLOW, oneway.getBody());
            client.invokeOneway(addr, copy, 5000);
        }
        for (int i = 0; i < 20; i++) {
            assertEcho(good, addr, "meanwhile " + i);
            assertThat(((ThreadPoolExecutor) server.getPublicExecutor()).getQueue()).hasSizeLessThanOrEqualTo(QUEUE);
        }
        assertThat(entered.get()).isEqualTo(1);

        gate.countDown();
        for (CompletableFuture<RemotingCommand> call : accepted) {
            assertThat(call.get(20, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        }
        RemotingCommand afterwards = client.invokeSync(addr, RemotingCommand.createRequestCommand(UNREGISTERED,
                null), 5000);
        assertThat(afterwards.getRemark()).isEqualTo("default");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getInboundBytes() == 0);
    }
}
