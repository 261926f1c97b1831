package dev.remoting.netty;

import dev.remoting.auth.SignatureCheckRPCHook;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import static dev.remoting.netty.ServerClientFixture.answer;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.request;


/**
 * A loopback server of a {@link ServerClientFixture} that answers {@link #NAMED} with its name, holds {@link #BLOCK}
 * until its {@link #release} latch is counted down, answers {@link #PROBE} uncounted and, if told to, hangs up on
 * {@link #HANG_UP} (otherwise answers it with its name). Shared by the GO_AWAY and address-selector tests.
 */
final class NamedServer {

    static final int BLOCK = 2;
    static final int NAMED = 3;
    /** Answered by every server but counted by none, so that probing for GO_AWAY leaves the counts alone. */
    static final int PROBE = 4;
    /** Servers made to hang up close the connection instead of answering; the others answer with their name. */
    static final int HANG_UP = 5;

    final String name;
    final CountDownLatch release;
    final AtomicInteger blocked = new AtomicInteger();
    final AtomicInteger named = new AtomicInteger();
    final AtomicInteger hangUps = new AtomicInteger();
    final NettyRemotingServer server;
    CompletableFuture<Void> shutdown;

    /**
     * @param port     0 for an ephemeral one
     * @param hangsUp  whether HANG_UP closes the connection instead of answering
     * @param graceful whether shutdown drains (answering GO_AWAY) for up to 20s
     * @param keys     if not {@code null}, requests must be signed with one of these access keys
     */
    NamedServer(ServerClientFixture fixture, String name, int port, boolean hangsUp, boolean graceful,
            Map<String, String> keys) {
        this.name = name;
        this.release = fixture.latch();
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setListenPort(port);
        if (graceful) {
            config.setEnableShutdownGracefully(true);
            config.setShutdownWaitTimeSeconds(20);
        }
        server = fixture.server(config, s -> {
            s.registerProcessor(BLOCK, (ctx, request) -> {
                blocked.incrementAndGet();
                release.await(30, TimeUnit.SECONDS);
                return answer("released");
            }, null);
            s.registerProcessor(NAMED, (ctx, request) -> {
                named.incrementAndGet();
                return answer(name);
            }, null);
            s.registerProcessor(PROBE, (ctx, request) -> answer(name), null);
            s.registerProcessor(HANG_UP, (ctx, request) -> {
                hangUps.incrementAndGet();
                if (hangsUp) {
                    ctx.channel().close();
                    return null;
                }
                return answer(name);
            }, null);
            if (keys != null) {
                s.registerRPCHook(new SignatureCheckRPCHook(keys, Duration.ofMinutes(5)));
            }
        });
    }

    String addr() {
        return ServerClientFixture.addr(server);
    }

    /** Starts a graceful shutdown and returns once the server answers new requests with GO_AWAY. */
    void startDraining(NettyRemotingClient probe) {
        shutdown = CompletableFuture.runAsync(server::shutdown);
        String addr = addr();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> probe.invokeSync(addr, request(PROBE), 2000).getCode() == RemotingSysResponseCode.GO_AWAY);
    }

    void finishShutdown() throws Exception {
        release.countDown();
        shutdown.get(10, TimeUnit.SECONDS);
    }
}
