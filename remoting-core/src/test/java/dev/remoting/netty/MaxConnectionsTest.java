package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.assertClosedByPeer;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static dev.remoting.netty.ServerClientFixture.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.SerializeType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code maxConnections} set, connections beyond it are closed on arrival and counted; the others are served
 * (docs/protocol.md §8.6).
 */
@ExtendWith(ProvokedLogs.class)
class MaxConnectionsTest {

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static void assertEchoes(Socket socket, String text) throws Exception {
        socket.getOutputStream().write(frame(echoRequest(text), SerializeType.JSON));
        socket.setSoTimeout(10_000);
        RemotingCommand response = ProxyProtocolTest.readResponse(socket);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedAndCounted() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setMaxConnections(2);
        NettyRemotingServer server = fixture.server(config, s -> {
        });
        Socket first = fixture.rawSocket(server);
        Socket second = fixture.rawSocket(server);
        assertEchoes(first, "one");
        assertEchoes(second, "two");

        Socket third = fixture.rawSocket(server);
        third.getOutputStream().write(frame(echoRequest("three"), SerializeType.JSON));
        assertClosedByPeer(third, 5000);

        assertThat(server.getRefusedConnectionCount()).isEqualTo(1);
        assertThat(server.getConnectionCount()).isEqualTo(2);
        assertEchoes(first, "still one");

        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getConnectionCount() == 1);
        Socket fourth = fixture.rawSocket(server);
        assertEchoes(fourth, "four, in the freed place");
        assertThat(server.getRefusedConnectionCount()).isEqualTo(1);
    }

    @Test
    void theNewestConnectionIsTheOneRefused() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setMaxConnections(1);
        config.setServerSelectorThreads(4);
        NettyRemotingServer server = fixture.server(config, s -> {
        });
        // Back-to-back connections land on different selector threads; the judgement must still follow accept order.
        for (int round = 1; round <= 20; round++) {
            try (Socket older = fixture.rawSocket(server); Socket newer = fixture.rawSocket(server)) {
                assertClosedByPeer(newer, 5000);
                assertEchoes(older, "round " + round);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.getConnectionCount() == 0);
        }
        assertThat(server.getRefusedConnectionCount()).isEqualTo(20);
    }

    @Test
    void ourClientGetsAnErrorNotAHangWhenRefused() throws Exception {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setMaxConnections(1);
        NettyRemotingServer server = fixture.server(config, s -> {
        });
        Socket occupant = fixture.rawSocket(server);
        assertEchoes(occupant, "mine");

        NettyRemotingClient client = fixture.client();
        assertThatThrownBy(() -> client.invokeSync(ServerClientFixture.addr(server), echoRequest("me too"), 5000))
                .isInstanceOf(dev.remoting.exception.RemotingException.class);
        assertThat(server.getRefusedConnectionCount()).isEqualTo(1);
    }

    @Test
    void noLimitByDefault() throws Exception {
        assertThat(new NettyServerConfig().getMaxConnections()).isZero();
        NettyRemotingServer server = fixture.server();
        for (int i = 0; i < 5; i++) {
            assertEchoes(fixture.rawSocket(server), "n" + i);
        }
        assertThat(server.getRefusedConnectionCount()).isZero();
    }

    @Test
    void aNegativeLimitIsRefused() {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        config.setMaxConnections(-1);
        assertThatThrownBy(() -> new NettyRemotingServer(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
    }
}
