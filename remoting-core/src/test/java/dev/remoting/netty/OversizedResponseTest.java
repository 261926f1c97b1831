package dev.remoting.netty;

import static dev.remoting.netty.InboundBudgetTest.assertEcho;
import static dev.remoting.netty.ServerClientFixture.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.RemotingResponses;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A response larger than the server's frame limit (issue "Hardening II", case 7) is replaced by a small SYSTEM_ERROR
 * answer to the same request: the caller learns at once instead of waiting for its timeout, and the connection,
 * which other calls share, stays open.
 */
@ExtendWith(ProvokedLogs.class)
class OversizedResponseTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static final int BIG_BODY = 11;
    private static final int BIG_HEADER = 12;
    private static final int LATER = 13;

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest(name = "request code {0}")
    @ValueSource(ints = {BIG_BODY, BIG_HEADER, LATER})
    void theCallerGetsSystemErrorPromptlyAndTheConnectionKeepsServing(int code) throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setMaxFrameLength(MAX_FRAME);
        NettyRemotingServer server = fixture.server(config, s -> {
            s.registerProcessor(BIG_BODY, (ctx, request) -> {
                RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                        null);
                response.setBody(new byte[2 * MAX_FRAME]);
                return response;
            }, null);
            // Under the limit by its body, over it with its remark: only the encoded frame shows it.
            s.registerProcessor(BIG_HEADER, (ctx, request) -> {
                RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                        "r".repeat(MAX_FRAME / 2));
                response.setBody(new byte[MAX_FRAME - 1024]);
                return response;
            }, null);
            // Answered later by the processor itself, through RemotingResponses.
            s.registerProcessor(LATER, (ctx, request) -> {
                CompletableFuture.runAsync(() -> {
                    RemotingCommand response = RemotingCommand.createResponseCommand(
                            RemotingSysResponseCode.SUCCESS, null);
                    response.setBody(new byte[2 * MAX_FRAME]);
                    RemotingResponses.writeResponse(ctx.channel(), request, response);
                });
                return null;
            }, null);
        });
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);
        assertEcho(client, addr, "before");

        long start = System.nanoTime();
        RemotingCommand response = client.invokeSync(addr, RemotingCommand.createRequestCommand(code, null), 20_000);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).contains("response too large").contains(MAX_FRAME + "-byte frame limit");
        assertThat(took).as("answered at once, not after the call's timeout").isLessThan(Duration.ofSeconds(5));
        assertEcho(client, addr, "after");
        assertThat(client.getConnectionCount()).isEqualTo(1);
        assertThat(server.getConnectionCount()).isEqualTo(1);
        CompletableFuture<RemotingCommand> async = client.invoke(addr, RemotingCommand.createRequestCommand(code,
                null), 20_000);
        assertThat(async.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
    }
}
