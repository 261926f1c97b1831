package dev.remoting.netty;

import dev.remoting.ChannelEventListener;
import dev.remoting.auth.SigningRPCHook;
import dev.remoting.internal.client.ClientCalls;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static dev.remoting.netty.NamedServer.BLOCK;
import static dev.remoting.netty.NamedServer.NAMED;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.bodyText;
import static dev.remoting.netty.ServerClientFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;


/**
 * The client's reaction to GO_AWAY (1500) from a server shutting down gracefully: the connection is retired, so
 * the next call makes a new one (to the same address, or to the next name server for a {@code null} address);
 * calls already pending on it still finish; a request marked retryable is re-sent once within its timeout, others
 * get the GO_AWAY (docs/protocol.md §7.7). Every wait is on a latch or a condition, never on time.
 */
class GoAwayTest {

    private static final long TIMEOUT = 10_000;

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** A server that drains for up to 20s on shutdown, answers NAMED with its name and holds BLOCK for its latch. */
    private NamedServer server(String name, int port, Map<String, String> keys) {
        return new NamedServer(fixture, name, port, false, true, keys);
    }

    /** Counts the connections a client makes, and those that closed. */
    static final class Connects implements ChannelEventListener {
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void onChannelConnect(String remoteAddr, Channel channel) {
            count.incrementAndGet();
        }

        @Override
        public void onChannelClose(String remoteAddr, Channel channel) {
            closed.incrementAndGet();
        }

        @Override
        public void onChannelException(String remoteAddr, Channel channel) {
        }

        @Override
        public void onChannelIdle(String remoteAddr, Channel channel) {
        }
    }

    private NettyRemotingClient client(NettyClientConfig config, Connects connects) {
        NettyRemotingClient client = new NettyRemotingClient(config, connects);
        fixture.closeLater(client::shutdown);
        client.start();
        return client;
    }

    /** Sends BLOCK and returns once the server runs it. */
    private static CompletableFuture<RemotingCommand> inFlight(NettyRemotingClient client, String addr,
            NamedServer on) {
        CompletableFuture<RemotingCommand> call = client.invoke(addr, request(BLOCK), 30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> on.blocked.get() == 1);
        return call;
    }

    private static void assertNothingLeft(NettyRemotingClient client) {
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(client.getAvailableAsyncPermits()).isEqualTo(client.getConfig().getClientAsyncSemaphoreValue());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aGoAwayRetiresTheConnectionWhileCallsPendingOnItFinish(CallMode mode) throws Exception {
        NamedServer server = server("S", 0, null);
        String addr = server.addr();
        int port = server.server.localListenPort();
        Connects connects = new Connects();
        NettyRemotingClient client = client(ServerClientFixture.clientConfig(), connects);
        CompletableFuture<RemotingCommand> pending = inFlight(client, addr, server);
        await().atMost(Duration.ofSeconds(10)).until(() -> connects.count.get() == 1);
        Channel first = client.getChannels().get(addr);
        server.startDraining(fixture.client());

        RemotingCommand goAway = mode.call(client, addr, request(NAMED));

        assertThat(goAway.getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY).isEqualTo(1500);
        assertThat(goAway.getRemark()).isEqualTo("please go away");
        assertThat(client.getChannels()).doesNotContainKey(addr);
        assertThat(first.isActive()).as("kept open for the call pending on it").isTrue();
        assertThat(connects.count).hasValue(1);

        // The next call connects again (the server still listens while it drains), and is turned away again.
        assertThat(mode.call(client, addr, request(NAMED)).getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
        await().atMost(Duration.ofSeconds(10)).until(() -> connects.count.get() == 2);
        assertThat(pending).isNotDone();

        server.finishShutdown();
        RemotingCommand released = pending.get(10, TimeUnit.SECONDS);
        assertThat(released.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(bodyText(released)).isEqualTo("released");
        assertThat(server.named).hasValue(0);

        // Once a server is back on that address, the next call reaches it.
        NamedServer back = server("back", port, null);
        RemotingCommand answered = mode.call(client, addr, request(NAMED));
        assertThat(answered.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(bodyText(answered)).isEqualTo("back");
        assertThat(back.named).hasValue(1);
        assertNothingLeft(client);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aNonRetryableRequestGetsTheGoAwayAndTheNextCallUsesTheOtherNameServer(CallMode mode) throws Exception {
        NamedServer a = server("A", 0, null);
        NamedServer b = server("B", 0, null);
        NettyRemotingClient client = client(ServerClientFixture.clientConfig(), new Connects());
        client.updateNameServerAddressList(List.of(a.addr(), b.addr()));
        NamedServer going = bodyText(client.invokeSync(null, request(NAMED), TIMEOUT)).equals("A") ? a : b;
        NamedServer staying = going == a ? b : a;
        CompletableFuture<RemotingCommand> pending = inFlight(client, null, going);
        going.startDraining(fixture.client());

        RemotingCommand goAway = mode.call(client, null, request(NAMED));
        RemotingCommand next = mode.call(client, null, request(NAMED));

        assertThat(goAway.getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
        assertThat(next.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(bodyText(next)).isEqualTo(staying.name);
        assertThat(client.getChosenNameServer()).isEqualTo(staying.addr());
        going.finishShutdown();
        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
        assertThat(going.named).hasValue(1);
        assertThat(staying.named).hasValue(1);
        assertNothingLeft(client);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRetryableRequestIsSentAgainToTheOtherNameServerStillSigned(CallMode mode) throws Exception {
        Map<String, String> keys = Map.of("app", "secret");
        NamedServer a = server("A", 0, keys);
        NamedServer b = server("B", 0, keys);
        NettyRemotingClient client = client(ServerClientFixture.clientConfig(), new Connects());
        SigningRPCHook signing = new SigningRPCHook("app", "secret");
        AtomicInteger afterHooks = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> afterHookAddress =
                new java.util.concurrent.atomic.AtomicReference<>();
        client.registerRPCHook(signing);
        client.registerRPCHook(new dev.remoting.RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
                afterHooks.incrementAndGet();
                afterHookAddress.set(remoteAddr);
            }
        });
        NettyRemotingClient probe = fixture.client();
        probe.registerRPCHook(signing);
        client.updateNameServerAddressList(List.of(a.addr(), b.addr()));
        NamedServer going = bodyText(client.invokeSync(null, request(NAMED), TIMEOUT)).equals("A") ? a : b;
        NamedServer staying = going == a ? b : a;
        CompletableFuture<RemotingCommand> pending = inFlight(client, null, going);
        going.startDraining(probe);
        afterHooks.set(0);

        RemotingCommand retryable = request(NAMED).markRetryable();
        retryable.setBody("payload".getBytes(StandardCharsets.UTF_8));
        RemotingCommand response = mode.call(client, null, retryable);

        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(bodyText(response)).isEqualTo(staying.name);
        assertThat(response.getOpaque()).as("the copy has an opaque of its own").isNotEqualTo(retryable.getOpaque());
        assertThat(staying.named).hasValue(1);
        assertThat(going.named).as("GO_AWAY is answered before any handler").hasValue(1);
        assertThat(client.getChosenNameServer()).isEqualTo(staying.addr());
        assertThat(afterHooks).as("after-hooks see only the final response").hasValue(1);
        assertThat(afterHookAddress).as("and the address it came from").hasValue(staying.addr());

        going.finishShutdown();
        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
        assertNothingLeft(client);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRetryableRequestIsSentAgainOnlyOnce(CallMode mode) throws Exception {
        NamedServer server = server("S", 0, null);
        String addr = server.addr();
        Connects connects = new Connects();
        NettyRemotingClient client = client(ServerClientFixture.clientConfig(), connects);
        CompletableFuture<RemotingCommand> pending = inFlight(client, addr, server);
        server.startDraining(fixture.client());

        // Its retry reaches the same address, which is still draining: the second GO_AWAY is the answer.
        RemotingCommand response = mode.call(client, addr, request(NAMED).markRetryable());

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
        await().atMost(Duration.ofSeconds(10)).until(() -> connects.count.get() == 2);
        assertThat(client.getChannels()).as("the retry's connection is retired too").doesNotContainKey(addr);
        server.finishShutdown();
        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
        assertThat(connects.count).hasValue(2);
        assertNothingLeft(client);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void retiredConnectionsCloseOnceIdleSoADrainLeavesNoConnectionsBehind(CallMode mode) throws Exception {
        NamedServer server = server("S", 0, null);
        String addr = server.addr();
        Connects connects = new Connects();
        NettyRemotingClient client = client(ServerClientFixture.clientConfig(), connects);
        CompletableFuture<RemotingCommand> pending = inFlight(client, addr, server);
        Channel first = client.getChannels().get(addr);
        server.startDraining(fixture.client());

        int calls = 200;
        for (int i = 0; i < calls; i++) {
            assertThat(mode.call(client, addr, request(NAMED)).getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
        }

        // The first call retires the first connection; each later one makes one new connection (one per
        // retirement), closed by the client once its call was answered. The first stays for the call pending on
        // it, and the server (the probe's connection included) is left with that one only.
        await().atMost(Duration.ofSeconds(10)).until(() -> connects.count.get() == calls);
        await().atMost(Duration.ofSeconds(10)).until(() -> connects.count.get() - connects.closed.get() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server.getConnectionCount() == 1);
        assertThat(first.isActive()).isTrue();
        assertThat(client.getChannels()).isEmpty();

        server.finishShutdown();
        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isOpen());
        assertNothingLeft(client);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void requestsOfClientsTooOldForGoAwayAreServedDuringTheGracePeriod(CallMode mode) throws Exception {
        NamedServer server = server("S", 0, null);
        String addr = server.addr();
        NettyRemotingClient client = client(ServerClientFixture.clientConfig(), new Connects());
        CompletableFuture<RemotingCommand> pending = inFlight(client, addr, server);
        server.startDraining(fixture.client());

        // As RocketMQ 5.3.1: GO_AWAY only above V5_1_4 (441); our requests say 475 unless told otherwise.
        assertThat(request(NAMED).getVersion()).isEqualTo(RemotingCommand.ROCKETMQ_5_3_1_VERSION).isEqualTo(475);
        for (int version : new int[] {0, 317, RemotingCommand.GO_AWAY_MIN_VERSION}) {
            RemotingCommand old = request(NAMED);
            old.setVersion(version);
            RemotingCommand answer = mode.call(client, addr, old);
            assertThat(answer.getCode()).as("version %d", version).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(bodyText(answer)).isEqualTo("S");
        }
        RemotingCommand recent = request(NAMED);
        recent.setVersion(RemotingCommand.GO_AWAY_MIN_VERSION + 1);
        assertThat(mode.call(client, addr, recent).getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
        assertThat(mode.call(client, addr, request(NAMED)).getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
        assertThat(server.named).hasValue(3);

        server.finishShutdown();
        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
        assertNothingLeft(client);
    }

    /**
     * The race that closing retired connections opens: a call takes the connection, another call's GO_AWAY retires
     * it and (nothing pending) the client closes it, then the first call sends on it and fails. A retryable request
     * is then retried as if it had been answered GO_AWAY; here the retry reaches the other name server.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CallMode.class, names = {"SYNC", "INVOKE"})
    void aRetryableCallThatRacedTheCloseOfARetiredConnectionIsRetried(CallMode mode) throws Exception {
        NamedServer a = server("A", 0, null);
        NamedServer b = server("B", 0, null);
        NettyRemotingClient client = client(ServerClientFixture.clientConfig(), new Connects());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch proceed = fixture.latch();
        client.registerRPCHook(new dev.remoting.RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                if (request.getExtFields() != null && request.getExtFields().containsKey("hold")) {
                    entered.countDown();
                    try {
                        proceed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            }
        });
        client.updateNameServerAddressList(List.of(a.addr(), b.addr()));
        NamedServer going = bodyText(client.invokeSync(null, request(NAMED), TIMEOUT)).equals("A") ? a : b;
        NamedServer staying = going == a ? b : a;
        Channel first = client.getChannels().get(going.addr());
        // Another client's call keeps the server draining; none is pending on ours, so ours closes once retired.
        NettyRemotingClient other = fixture.client();
        CompletableFuture<RemotingCommand> pending = inFlight(other, going.addr(), going);
        going.startDraining(fixture.client());

        RemotingCommand held = request(NAMED).markRetryable();
        held.addExtField("hold", "1");
        CompletableFuture<RemotingCommand> racing = CompletableFuture.supplyAsync(() -> {
            try {
                return mode.call(client, null, held);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.invokeSync(null, request(NAMED), TIMEOUT).getCode())
                .isEqualTo(RemotingSysResponseCode.GO_AWAY);
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isOpen());
        proceed.countDown();

        RemotingCommand response = racing.get(10, TimeUnit.SECONDS);
        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(bodyText(response)).isEqualTo(staying.name);
        going.finishShutdown();
        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
        assertNothingLeft(client);
    }

    @Test
    void closeChannelsAlsoClosesARetiredConnection() throws Exception {
        NamedServer server = server("S", 0, null);
        String addr = server.addr();
        NettyRemotingClient client = client(ServerClientFixture.clientConfig(), new Connects());
        CompletableFuture<RemotingCommand> pending = inFlight(client, addr, server);
        server.startDraining(fixture.client());
        assertThat(client.invokeSync(addr, request(NAMED), TIMEOUT).getCode())
                .isEqualTo(RemotingSysResponseCode.GO_AWAY);

        client.closeChannels(List.of(addr));

        assertThat(catchThrowable(() -> pending.get(10, TimeUnit.SECONDS)))
                .isInstanceOf(java.util.concurrent.ExecutionException.class)
                .hasCauseInstanceOf(dev.remoting.exception.RemotingSendRequestException.class);
        assertNothingLeft(client);
        server.finishShutdown();
    }

    @Test
    void withReconnectForGoAwayOffTheConnectionIsKeptAndNothingIsRetried() throws Exception {
        NamedServer server = server("S", 0, null);
        String addr = server.addr();
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setEnableReconnectForGoAway(false);
        Connects connects = new Connects();
        NettyRemotingClient client = client(config, connects);
        CompletableFuture<RemotingCommand> pending = inFlight(client, addr, server);
        await().atMost(Duration.ofSeconds(10)).until(() -> connects.count.get() == 1);
        Channel first = client.getChannels().get(addr);
        server.startDraining(fixture.client());

        RemotingCommand response = client.invokeSync(addr, request(NAMED).markRetryable(), TIMEOUT);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.GO_AWAY);
        assertThat(client.getChannels().get(addr)).isSameAs(first);
        assertThat(client.invokeSync(addr, request(NAMED), TIMEOUT).getCode())
                .isEqualTo(RemotingSysResponseCode.GO_AWAY);
        assertThat(connects.count).hasValue(1);
        server.finishShutdown();
        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
    }

    @Test
    void theRetryableMarkIsNotOnTheWire() {
        RemotingCommand plain = request(NAMED);
        RemotingCommand marked = request(NAMED).markRetryable();
        marked.setOpaque(plain.getOpaque());

        assertThat(marked.isRetryable()).isTrue();
        assertThat(plain.isRetryable()).isFalse();
        for (dev.remoting.protocol.SerializeType type : dev.remoting.protocol.SerializeType.values()) {
            assertThat(ServerClientFixture.frame(marked, type)).isEqualTo(ServerClientFixture.frame(plain, type));
        }
    }

    @Test
    void aRetryCopyCarriesEverythingButTheOpaque() {
        RemotingCommand original = RemotingCommand.createRequestCommand(NAMED, null);
        original.addExtField("k", "v");
        original.setBody(new byte[] {1, 2, 3});
        original.setRemark("r");
        original.setVersion(475);
        original.setSerializeTypeCurrentRPC(dev.remoting.protocol.SerializeType.ROCKETMQ);

        RemotingCommand copy = ClientCalls.copyForRetry(original);

        assertThat(copy.getOpaque()).isNotEqualTo(original.getOpaque());
        assertThat(copy.getCode()).isEqualTo(NAMED);
        assertThat(copy.getExtFields()).isEqualTo(original.getExtFields()).isNotSameAs(original.getExtFields());
        assertThat(copy.getBody()).isEqualTo(original.getBody());
        assertThat(copy.getRemark()).isEqualTo("r");
        assertThat(copy.getVersion()).isEqualTo(475);
        assertThat(copy.getFlag()).isEqualTo(original.getFlag());
        assertThat(copy.getSerializeTypeCurrentRPC()).isEqualTo(dev.remoting.protocol.SerializeType.ROCKETMQ);
        assertThat(copy.isRetryable()).isTrue();
    }
}
