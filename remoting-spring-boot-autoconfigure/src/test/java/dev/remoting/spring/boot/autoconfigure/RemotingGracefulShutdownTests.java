package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.annotation.RequestCodeHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * Closing the application lets requests in flight finish within {@code remoting.server.shutdown-grace-period} while
 * new ones are answered with GO_AWAY, and stops waiting once the period is over.
 */
class RemotingGracefulShutdownTests {

    static final int BLOCK = 40;
    static final int PING = 41;

    private NettyRemotingClient client;
    private ConfigurableApplicationContext context;
    private BlockingHandlers handlers;

    @BeforeEach
    void startClient() {
        NettyClientConfig config = new NettyClientConfig();
        // A slow ping must not close the connection the request in flight is waiting on.
        config.setClientCloseSocketIfTimeout(false);
        this.client = new NettyRemotingClient(config);
        this.client.start();
    }

    @AfterEach
    void stop() {
        if (this.context != null) {
            this.handlers.release.countDown();
            this.context.close();
        }
        this.client.shutdown();
    }

    @Test
    void requestInFlightFinishesWhileTheApplicationCloses() throws Exception {
        this.context = start("10s");
        String addr = addr();
        CompletableFuture<RemotingCommand> inFlight = this.client.invoke(addr, request(BLOCK), 20_000);
        assertThat(this.handlers.entered.await(5, TimeUnit.SECONDS)).isTrue();

        long closeStart = System.nanoTime();
        CompletableFuture<Void> closing = closeOnAnotherThread();
        // Draining has begun once new requests are turned away.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                this.client.invokeSync(addr, request(PING), 3000).getCode())
                .isEqualTo(RemotingSysResponseCode.GO_AWAY));
        assertThat(inFlight).isNotDone();
        assertThat(closing).isNotDone();

        this.handlers.release.countDown();
        RemotingCommand response = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("finished");
        closing.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - closeStart)).isLessThan(Duration.ofSeconds(10));
        assertThat(this.context.isActive()).isFalse();
    }

    @Test
    void shutdownStopsWaitingWhenTheGracePeriodIsOver() throws Exception {
        this.context = start("1s");
        String addr = addr();
        NettyRemotingServer server = this.context.getBean(NettyRemotingServer.class);
        CompletableFuture<RemotingCommand> inFlight = this.client.invoke(addr, request(BLOCK), 20_000);
        assertThat(this.handlers.entered.await(5, TimeUnit.SECONDS)).isTrue();

        long closeStart = System.nanoTime();
        CompletableFuture<Void> closing = closeOnAnotherThread();
        // The handler holds its request for up to 20s; the server must give up after the 1s grace period.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.localListenPort() == -1);
        Duration waited = Duration.ofNanos(System.nanoTime() - closeStart);
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(8));
        // The handler is still running, but its connection is gone.
        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

        this.handlers.release.countDown();
        closing.get(5, TimeUnit.SECONDS);
    }

    private ConfigurableApplicationContext start(String gracePeriod) {
        ConfigurableApplicationContext started = new SpringApplicationBuilder(ShutdownApplication.class)
                .web(WebApplicationType.NONE)
                .properties("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                        "remoting.server.shutdown-grace-period=" + gracePeriod, "remoting.client.enabled=false",
                        "remoting.executors.work.threads=2", "spring.main.banner-mode=off",
                        "spring.jmx.enabled=false")
                .run();
        this.handlers = started.getBean(BlockingHandlers.class);
        return started;
    }

    private String addr() {
        return "127.0.0.1:" + this.context.getEnvironment().getProperty("local.remoting.server.port");
    }

    private CompletableFuture<Void> closeOnAnotherThread() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Thread closer = new Thread(() -> {
            try {
                this.context.close();
                closed.complete(null);
            } catch (Throwable ex) {
                closed.completeExceptionally(ex);
            }
        }, "context-closer");
        closer.start();
        return closed;
    }

    private static RemotingCommand request(int code) {
        return RemotingCommand.createRequestCommand(code, null);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(BlockingHandlers.class)
    static class ShutdownApplication {
    }

    @Component
    static class BlockingHandlers {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @RequestCodeHandler(code = BLOCK, executor = "work")
        RemotingCommand block() throws InterruptedException {
            this.entered.countDown();
            boolean released = this.release.await(20, TimeUnit.SECONDS);
            RemotingCommand response = RemotingCommand.createResponseCommand(
                    released ? RemotingSysResponseCode.SUCCESS : RemotingSysResponseCode.SYSTEM_ERROR, null);
            response.setBody("finished".getBytes(StandardCharsets.UTF_8));
            return response;
        }

        @RequestCodeHandler(code = PING, executor = "work")
        void ping() {
        }
    }
}
