package dev.remoting.netty;

import static dev.remoting.netty.ServerClientFixture.addr;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.echoRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.ChannelEventListener;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's connections: one per address, made lazily and shared, and the name-server choice
 * (docs/protocol.md §8.8).
 */
@ExtendWith(ProvokedLogs.class)
class ClientConnectionTest {

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static String echo(NettyRemotingClient client, String addr, String text) throws Exception {
        RemotingCommand response = client.invokeSync(addr, echoRequest(text), 3000);
        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    /** Counts the connections a server accepted, including any it has closed since. */
    private static final class ConnectCounter implements ChannelEventListener {
        final AtomicInteger connects = new AtomicInteger();

        @Override
        public void onChannelConnect(String remoteAddr, Channel channel) {
            connects.incrementAndGet();
        }

        @Override
        public void onChannelClose(String remoteAddr, Channel channel) {
        }

        @Override
        public void onChannelException(String remoteAddr, Channel channel) {
        }

        @Override
        public void onChannelIdle(String remoteAddr, Channel channel) {
        }
    }

    private NettyRemotingServer countingServer(ConnectCounter counter) {
        NettyRemotingServer server = new NettyRemotingServer(ServerClientFixture.serverConfig(), counter);
        server.registerProcessor(ServerClientFixture.ECHO, ServerClientFixture.echo(), null);
        fixture.closeLater(server::shutdown);
        server.start();
        return server;
    }

    @Test
    void manyCallsToOneAddressShareOneConnection() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyRemotingClient client = fixture.client();

        for (int i = 0; i < 50; i++) {
            assertThat(echo(client, addr(server), "call " + i)).isEqualTo("call " + i);
        }

        assertThat(server.getConnectionCount()).isEqualTo(1);
        assertThat(client.getConnectionCount()).isEqualTo(1);
        assertThat(client.getConnectedAddresses()).containsExactly(addr(server));
    }

    @Test
    void connectsLazilyOnTheFirstCall() throws Exception {
        ConnectCounter counter = new ConnectCounter();
        NettyRemotingServer server = countingServer(counter);
        NettyRemotingClient client = fixture.client();
        client.updateNameServerAddressList(List.of(addr(server)));

        // Knowing the address (even as a name server) is no reason to connect.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> server.getConnectionCount() == 0 && counter.connects.get() == 0);
        assertThat(client.getConnectionCount()).isZero();
        assertThat(client.getConnectedAddresses()).isEmpty();
        assertThat(client.getChosenNameServer()).isNull();

        assertThat(echo(client, null, "first")).isEqualTo("first");

        assertThat(server.getConnectionCount()).isEqualTo(1);
        assertThat(client.getConnectionCount()).isEqualTo(1);
        assertThat(client.getChosenNameServer()).isEqualTo(addr(server));
    }

    @Test
    void concurrentFirstCallsShareOnePendingConnect() throws Exception {
        ConnectCounter counter = new ConnectCounter();
        NettyRemotingServer server = countingServer(counter);
        NettyRemotingClient client = fixture.client();
        int threads = 8;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        fixture.closeLater(callers::shutdownNow);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String text = "concurrent " + i;
            results.add(callers.submit(() -> {
                start.await(5, TimeUnit.SECONDS);
                return echo(client, addr(server), text);
            }));
        }

        for (int i = 0; i < threads; i++) {
            assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("concurrent " + i);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> counter.connects.get() >= 1);
        // No second connection shows up, not even one that was made and dropped again.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> counter.connects.get() == 1 && server.getConnectionCount() == 1);
        assertThat(client.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void connectingToAClosedPortFailsWithinTheConnectTimeout() throws Exception {
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setConnectTimeoutMillis(1000);
        NettyRemotingClient client = fixture.client(config);
        String dead = ServerClientFixture.deadAddr();

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.invokeSync(dead, echoRequest("nobody"), 10_000))
                .isInstanceOf(RemotingConnectException.class)
                .hasMessageContaining(dead);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis).as("well within the 10s call timeout").isLessThan(1000 + 1000);
        assertThat(client.getConnectionCount()).isZero();
        assertThat(client.getConnectedAddresses()).as("a failed connect is forgotten").isEmpty();
    }

    @Test
    void connectTimeoutBoundsAConnectThatNeverCompletes() throws Exception {
        // A listener with a full backlog that never accepts: SYNs are dropped, so the connect hangs.
        ServerSocket stuck = fixture.closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        String addr = "127.0.0.1:" + stuck.getLocalPort();
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket filler = fixture.closeLater(new Socket());
            try {
                filler.connect(stuck.getLocalSocketAddress(), 200);
                fillers.add(filler);
            } catch (java.io.IOException full) {
                break; // the backlog is full
            }
        }
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setConnectTimeoutMillis(500);
        NettyRemotingClient client = fixture.client(config);

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.invokeSync(addr, echoRequest("stuck"), 10_000))
                .isInstanceOf(RemotingConnectException.class);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(fillers).isNotEmpty();
        assertThat(elapsedMillis).as("bounded by the 500ms connect timeout, not the 10s call timeout")
                .isLessThan(2000);
    }

    @Test
    void nullAddressFailsOverFromADeadNameServerToALiveOne() throws Exception {
        NettyRemotingServer server = fixture.server();
        String live = addr(server);
        String dead = ServerClientFixture.deadAddr();
        NettyRemotingClient client = fixture.client();
        client.updateNameServerAddressList(List.of(dead, live));

        assertThat(echo(client, null, "one")).isEqualTo("one");
        assertThat(client.getChosenNameServer()).isEqualTo(live);

        // Drop the connection: with two servers round robin now tries the dead one first, and must move on to the
        // live one inside the same call.
        client.closeChannels(List.of(live));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnectionCount() == 0);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThat(echo(client, null, "again " + i)).isEqualTo("again " + i);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
            assertThat(client.getChosenNameServer()).isEqualTo(live);
            client.closeChannels(List.of(live));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnectionCount() == 0);
        }
        assertThat(client.getConnectedAddresses()).doesNotContain(dead);
    }

    @Test
    void nullAddressStaysWithTheChosenNameServer() throws Exception {
        NettyRemotingServer first = fixture.server();
        NettyRemotingServer second = fixture.server();
        NettyRemotingClient client = fixture.client();
        client.updateNameServerAddressList(List.of(addr(first), addr(second)));

        echo(client, null, "choose");
        String chosen = client.getChosenNameServer();
        assertThat(chosen).isIn(addr(first), addr(second));
        for (int i = 0; i < 10; i++) {
            echo(client, null, "sticky " + i);
        }

        assertThat(client.getChosenNameServer()).isEqualTo(chosen);
        assertThat(first.getConnectionCount() + second.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void droppingTheChosenNameServerClearsTheChoiceAndClosesItsChannel() throws Exception {
        NettyRemotingServer first = fixture.server();
        NettyRemotingServer second = fixture.server();
        NettyRemotingClient client = fixture.client();
        client.updateNameServerAddressList(List.of(addr(first)));
        echo(client, null, "first");
        assertThat(client.getChosenNameServer()).isEqualTo(addr(first));
        assertThat(first.getConnectionCount()).isEqualTo(1);

        client.updateNameServerAddressList(List.of(addr(second)));

        assertThat(client.getChosenNameServer()).isNull();
        assertThat(client.getNameServerAddressList()).containsExactly(addr(second));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.getConnectionCount() == 0);
        assertThat(client.getConnectedAddresses()).doesNotContain(addr(first));

        assertThat(echo(client, null, "second")).isEqualTo("second");
        assertThat(client.getChosenNameServer()).isEqualTo(addr(second));
        assertThat(second.getConnectionCount()).isEqualTo(1);
        assertThat(first.getConnectionCount()).isZero();
    }

    @Test
    void keepingTheChosenNameServerInANewListKeepsItsChannel() throws Exception {
        NettyRemotingServer first = fixture.server();
        NettyRemotingServer second = fixture.server();
        NettyRemotingClient client = fixture.client();
        client.updateNameServerAddressList(List.of(addr(first)));
        echo(client, null, "first");

        client.updateNameServerAddressList(List.of(addr(second), addr(first)));

        assertThat(client.getChosenNameServer()).isEqualTo(addr(first));
        echo(client, null, "still first");
        assertThat(first.getConnectionCount()).isEqualTo(1);
        assertThat(second.getConnectionCount()).isZero();
        assertThat(client.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void channelWritabilityFollowsThePeersReading() throws Exception {
        // A peer that accepts but does not read until told to.
        ServerSocket peer = fixture.closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        String addr = "127.0.0.1:" + peer.getLocalPort();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setWriteBufferHighWaterMark(64 * 1024);
        config.setWriteBufferLowWaterMark(32 * 1024);
        NettyRemotingClient client = fixture.client(config);

        assertThat(client.isChannelWritable(addr)).as("no connection yet").isTrue();
        client.invokeOneway(addr, ServerClientFixture.request(99, new byte[16]), 3000);
        Socket accepted = fixture.closeLater(peer.accept());
        assertThat(client.isChannelWritable(addr)).isTrue();

        // Keep writing until the socket buffers are full and the outbound buffer passes the high water mark.
        byte[] big = new byte[512 * 1024];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            if (!client.isChannelWritable(addr)) {
                return true;
            }
            client.invokeOneway(addr, ServerClientFixture.request(99, big), 3000);
            return false;
        });

        // Once the peer drains the connection it turns writable again.
        CountDownLatch stopReading = fixture.latch();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (InputStream in = accepted.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                while (stopReading.getCount() > 0 && in.read(buffer) >= 0) {
                    // discard
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> client.isChannelWritable(addr));
        stopReading.countDown();
        client.closeChannels(List.of(addr));
        reader.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closeChannelsClosesTheConnectionFailsItsCallsAndTheNextCallReconnects() throws Exception {
        CountDownLatch release = fixture.latch();
        CountDownLatch entered = new CountDownLatch(1);
        NettyRemotingServer server = fixture.server(ServerClientFixture.serverConfig(), s -> s.registerProcessor(2,
                (ctx, request) -> {
                    entered.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
                }, null));
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);
        CompletableFuture<RemotingCommand> pending = client.invoke(addr, ServerClientFixture.request(2, null), 20_000);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        client.closeChannels(List.of(addr));

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RemotingSendRequestException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
        assertThat(client.getConnectionCount()).isZero();
        assertThat(client.getConnectedAddresses()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnectionCount() == 0);

        assertThat(echo(client, addr, "reconnected")).isEqualTo("reconnected");
        assertThat(server.getConnectionCount()).isEqualTo(1);
        assertThat(client.getConnectionCount()).isEqualTo(1);
    }

    @Test
    void closeChannelsOfAnUnknownAddressIsHarmless() throws Exception {
        NettyRemotingServer server = fixture.server();
        NettyRemotingClient client = fixture.client();
        echo(client, addr(server), "before");

        client.closeChannels(List.of(ServerClientFixture.deadAddr()));

        assertThat(echo(client, addr(server), "after")).isEqualTo("after");
        assertThat(server.getConnectionCount()).isEqualTo(1);
    }
}
