package dev.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.RemotingHelper;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelActivityTest {

    private NettyRemotingServer server;
    private NettyRemotingClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    @Test
    void idleTimeGrowsWhileQuietAndResetsWhenACommandPasses() throws Exception {
        server = new NettyRemotingServer(new NettyServerConfig());
        server.registerProcessor(1, (ctx, request) -> RemotingCommand.createResponseCommand(
                RemotingSysResponseCode.SUCCESS, null), null);
        server.start();
        client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        String addr = "127.0.0.1:" + server.localListenPort();
        client.invokeSync(addr, RemotingCommand.createRequestCommand(1, null), 3000);
        Channel serverSide = server.getChannels().iterator().next();
        Channel clientSide = client.getChannels().get(addr);

        await().atMost(Duration.ofSeconds(5)).until(() -> RemotingHelper.idleMillis(serverSide) >= 200
                && RemotingHelper.idleMillis(clientSide) >= 200);
        client.invokeSync(addr, RemotingCommand.createRequestCommand(1, null), 3000);
        assertThat(RemotingHelper.idleMillis(serverSide)).isLessThan(200);
        assertThat(RemotingHelper.idleMillis(clientSide)).isLessThan(200);
    }

    @Test
    void aChannelWithoutTheHandlerReportsUnknown() {
        EmbeddedChannel foreign = new EmbeddedChannel();
        try {
            assertThat(RemotingHelper.idleMillis(foreign)).isEqualTo(-1);
        } finally {
            foreign.finishAndReleaseAll();
        }
    }
}
