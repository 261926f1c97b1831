package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which buffer allocator connections use, on either transport. {@code serverPooledByteBufAllocatorEnable} (on by
 * default) and {@code clientPooledByteBufAllocatorEnable} (off by default, as in RocketMQ) pin the pooled allocator;
 * with one off, connections get Netty's default allocator, which is pooled on 4.1 and adaptive on 4.2.
 */
class AllocatorTest {

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** The allocators of the connection between a client and a server made from these settings, after one call. */
    private Allocators connect(boolean epoll, boolean serverPooled, boolean clientPooled) throws Exception {
        NettyServerConfig serverConfig = ServerClientFixture.serverConfig();
        serverConfig.setUseEpollNativeSelector(epoll);
        serverConfig.setServerPooledByteBufAllocatorEnable(serverPooled);
        NettyClientConfig clientConfig = ServerClientFixture.clientConfig();
        clientConfig.setUseEpollNativeSelector(epoll);
        clientConfig.setClientPooledByteBufAllocatorEnable(clientPooled);
        NettyRemotingServer server = fixture.server(serverConfig, s -> {
        });
        NettyRemotingClient client = fixture.client(clientConfig);

        client.invokeSync(addr(server), echoRequest("allocate"), 5000);

        await().atMost(LoopbackFixture.PATIENCE).until(() -> server.getChannels().size() == 1);
        Channel accepted = server.getChannels().iterator().next();
        Channel connected = client.getChannels().get(addr(server));
        return new Allocators(accepted.config().getAllocator(), connected.config().getAllocator());
    }

    private record Allocators(ByteBufAllocator server, ByteBufAllocator client) {
    }

    @Test
    void theServerPinsThePooledAllocatorByDefaultAndTheClientDoesNot() {
        assertThat(new NettyServerConfig().isServerPooledByteBufAllocatorEnable()).isTrue();
        assertThat(new NettyClientConfig().isClientPooledByteBufAllocatorEnable()).isFalse();
    }

    @ParameterizedTest(name = "epoll: {0}")
    @ValueSource(booleans = {true, false})
    void withTheDefaultsTheServerUsesThePooledAllocatorAndTheClientNettysDefault(boolean epoll) throws Exception {
        Allocators allocators = connect(epoll, true, false);

        assertThat(allocators.server()).isSameAs(PooledByteBufAllocator.DEFAULT);
        assertThat(allocators.client()).isSameAs(ByteBufAllocator.DEFAULT);
    }

    @ParameterizedTest(name = "epoll: {0}")
    @ValueSource(booleans = {true, false})
    void withTheOptionsToggledTheServerUsesNettysDefaultAndTheClientThePooledAllocator(boolean epoll)
            throws Exception {
        Allocators allocators = connect(epoll, false, true);

        assertThat(allocators.server()).isSameAs(ByteBufAllocator.DEFAULT);
        assertThat(allocators.client()).isSameAs(PooledByteBufAllocator.DEFAULT);
    }

    @Test
    void nettysDefaultAllocatorIsPooledOn41AndAdaptiveFrom42On() {
        String expected = NettyLine.is42OrLater() ? "AdaptiveByteBufAllocator" : "PooledByteBufAllocator";

        assertThat(ByteBufAllocator.DEFAULT.getClass().getSimpleName()).as("Netty " + NettyLine.VERSION)
                .isEqualTo(expected);
    }
}
