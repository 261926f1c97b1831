package dev.remoting.netty;

import dev.remoting.AddressSelector;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.netty.GoAwayTest.Connects;
import dev.remoting.netty.CallMode.OnceCallback;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static dev.remoting.netty.NamedServer.BLOCK;
import static dev.remoting.netty.NamedServer.HANG_UP;
import static dev.remoting.netty.NamedServer.NAMED;
import static dev.remoting.netty.ServerClientFixture.await;
import static dev.remoting.netty.ServerClientFixture.bodyText;
import static dev.remoting.netty.ServerClientFixture.request;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * {@link AddressSelector}: calls made with a {@code null} address go where the selector says, over loopback servers
 * that answer with their names. Covered: the picks spread sync, async and {@code invoke()} calls with one connection
 * per address (oneway calls: the picks only); a failed connect makes the call select again and later calls pass over
 * that address for a while (observed by bringing a server up on the dead port: passed over, it gets no call), at most
 * four times per call, and no longer than 5 s; a selector with no address fails the call naming the selector; a
 * retryable request whose connection closed before its response, or that was answered GO_AWAY, is sent again to the
 * next pick, others fail; {@code retireChannels} gives a connection no new calls and closes it once its pending call is
 * answered; a call made on a Netty thread is moved off it before the selector is asked. Every wait is on a latch or a
 * condition with a deadline.
 */
@ExtendWith(ProvokedLogs.class)
class AddressSelectorTest {

    private static final long TIMEOUT = 10_000;

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /**
     * Hands out its addresses in turn, from the one {@link #startAt} names; counts how often it is asked and whether
     * it was ever asked on a Netty thread.
     */
    static final class Selector implements AddressSelector {
        final List<String> addrs = new CopyOnWriteArrayList<>();
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger asked = new AtomicInteger();
        final AtomicBoolean askedOnNettyThread = new AtomicBoolean();
        private final String name;

        Selector(String name, String... addrs) {
            this.name = name;
            this.addrs.addAll(List.of(addrs));
        }

        Selector startAt(int index) {
            next.set(index);
            return this;
        }

        @Override
        public String select(RemotingCommand request, long timeoutMillis) {
            asked.incrementAndGet();
            if (LoopbackFixture.onNettyThread()) {
                askedOnNettyThread.set(true);
            }
            List<String> now = List.copyOf(addrs);
            return now.isEmpty() ? null : now.get(Math.floorMod(next.getAndIncrement(), now.size()));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A server that answers NAMED with its name, holds BLOCK for its latch, and hangs up on HANG_UP if told to. */
    private NamedServer server(String name) {
        return server(name, 0, false, false);
    }

    private NamedServer server(String name, int port, boolean hangsUp, boolean graceful) {
        return new NamedServer(fixture, name, port, hangsUp, graceful, null);
    }

    private NettyRemotingClient client(Connects connects, AddressSelector selector) {
        return client(ServerClientFixture.clientConfig(), connects, selector);
    }

    private NettyRemotingClient client(NettyClientConfig config, Connects connects, AddressSelector selector) {
        NettyRemotingClient client = new NettyRemotingClient(config, connects);
        fixture.closeLater(client::shutdown);
        client.start();
        client.setAddressSelector(selector);
        return client;
    }

    private static int portOf(String addr) {
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    }

    @Test
    void roundRobinPicksSpreadSyncAsyncAndInvokeCallsOverEveryServerOnOneConnectionEach() throws Exception {
        NamedServer a = server("A");
        NamedServer b = server("B");
        NamedServer c = server("C");
        Selector selector = new Selector("round robin", a.addr(), b.addr(), c.addr());
        Connects connects = new Connects();
        NettyRemotingClient client = client(connects, selector);
        assertThat(client.getAddressSelector()).isSameAs(selector);

        for (CallMode mode : CallMode.values()) {
            Map<String, Integer> answers = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                RemotingCommand response = mode.call(client, request(NAMED));
                assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
                answers.merge(bodyText(response), 1, Integer::sum);
            }
            assertThat(answers).as(mode.name()).isEqualTo(Map.of("A", 2, "B", 2, "C", 2));
        }

        assertThat(selector.asked).hasValue(18);
        assertThat(client.getChannels()).containsOnlyKeys(a.addr(), b.addr(), c.addr());
        assertThat(connects.count).hasValue(3);
        assertThat(List.of(a.named.get(), b.named.get(), c.named.get())).containsOnly(6);
    }

    @Test
    void onewayCallsGoWhereTheSelectorSays() throws Exception {
        NamedServer a = server("A");
        NamedServer b = server("B");
        Selector selector = new Selector("round robin", a.addr(), b.addr());
        NettyRemotingClient client = client(new Connects(), selector);

        for (int i = 0; i < 4; i++) {
            client.invokeOneway(null, request(NAMED), TIMEOUT);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> a.named.get() == 2 && b.named.get() == 2);
        assertThat(selector.asked).hasValue(4);
        assertThat(client.getChannels()).containsOnlyKeys(a.addr(), b.addr());
    }

    @Test
    void callsWhosePickIsADeadAddressAreAnsweredByALiveServerWithoutAConnectionToIt() throws Exception {
        String dead = ServerClientFixture.deadAddr();
        NamedServer a = server("A");
        NamedServer b = server("B");
        Selector selector = new Selector("with a dead address", dead, a.addr(), b.addr());
        Connects connects = new Connects();
        NettyRemotingClient client = client(connects, selector);

        List<String> answers = new ArrayList<>();
        for (CallMode mode : CallMode.values()) {
            for (int i = 0; i < 4; i++) {
                RemotingCommand response = mode.call(client, request(NAMED));
                assertThat(response.getCode()).as(response.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
                answers.add(bodyText(response));
            }
        }

        assertThat(answers).hasSize(12).containsOnly("A", "B");
        assertThat(client.getChannels()).containsOnlyKeys(a.addr(), b.addr());
        assertThat(connects.count).hasValue(2);
    }

    /**
     * Whether a call connects to an address or passes it over cannot be told from the selector's side (it is asked
     * as often either way), nor does a failed connect raise any event. So the dead address comes back to life after
     * the first failure: a server bound to its port gets a call only if the client connects there again.
     */
    @Test
    void anAddressWhoseConnectFailedIsPassedOverByLaterCallsWhileTheSelectorOffersAnother() throws Exception {
        String dead = ServerClientFixture.deadAddr();
        NamedServer b = server("B");
        Selector selector = new Selector("dead first", dead, b.addr());
        NettyRemotingClient client = client(new Connects(), selector);
        assertThat(bodyText(client.invokeSync(null, request(NAMED), TIMEOUT))).isEqualTo("B");
        assertThat(selector.asked).as("the dead pick, then B").hasValue(2);

        NamedServer revived = server("revived", portOf(dead), false, false);
        for (CallMode mode : CallMode.values()) {
            selector.startAt(0);
            assertThat(bodyText(mode.call(client, request(NAMED)))).as(mode.name()).isEqualTo("B");
        }

        assertThat(revived.named).hasValue(0);
        assertThat(revived.server.getConnectionCount()).isZero();
        assertThat(client.getChannels()).containsOnlyKeys(b.addr());
        assertThat(b.named).hasValue(4);
    }

    @Test
    void anAddressWhoseConnectFailedIsTriedAgainWhenTheSelectorOffersNothingElse() throws Exception {
        String dead = ServerClientFixture.deadAddr();
        Selector selector = new Selector("only one address", dead);
        NettyRemotingClient client = client(new Connects(), selector);
        Throwable failure = CallMode.SYNC.failure(client, request(NAMED));
        assertThat(failure).isInstanceOf(RemotingConnectException.class).hasMessageContaining(dead);
        assertThat(selector.asked).as("asked again after the failed connect, up to the bound").hasValue(8);

        NamedServer revived = server("revived", portOf(dead), false, false);
        selector.asked.set(0);

        assertThat(bodyText(client.invokeSync(null, request(NAMED), TIMEOUT))).isEqualTo("revived");
        assertThat(selector.asked).as("four passes, then the address is tried anyway").hasValue(5);
        assertThat(revived.named).hasValue(1);
    }

    @Test
    void anAddressWhoseConnectFailedIsPassedOverForFiveSecondsOnly() throws Exception {
        String dead = ServerClientFixture.deadAddr();
        NamedServer b = server("B");
        Selector selector = new Selector("dead first", dead, b.addr());
        NettyRemotingClient client = client(new Connects(), selector);
        long start = System.nanoTime();
        assertThat(bodyText(client.invokeSync(null, request(NAMED), TIMEOUT))).isEqualTo("B");
        NamedServer revived = server("revived", portOf(dead), false, false);

        List<String> answers = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String answer = bodyText(client.invokeSync(null, request(NAMED), TIMEOUT));
            selector.startAt(0);
            answers.add(answer);
            return answer.equals("revived");
        });

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(5));
        assertThat(answers.subList(0, answers.size() - 1)).isNotEmpty().containsOnly("B");
        assertThat(revived.named).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aSelectorWithNoAddressFailsTheCallNamingTheSelector(CallMode mode) throws Exception {
        Selector selector = new Selector("registry-with-no-instances");
        NettyRemotingClient client = client(new Connects(), selector);

        Throwable failure = mode.failure(client, request(NAMED));

        assertThat(failure).isInstanceOf(RemotingConnectException.class)
                .hasMessageContaining("registry-with-no-instances");
        assertThat(selector.asked).hasValue(1);
        assertThat(client.getChannels()).isEmpty();
    }

    @Test
    void withoutASelectorNullAddressCallsGoToTheNameServersAgain() throws Exception {
        NamedServer a = server("A");
        NamedServer b = server("B");
        Selector selector = new Selector("A only", a.addr());
        NettyRemotingClient client = client(new Connects(), selector);
        client.updateNameServerAddressList(List.of(b.addr()));
        assertThat(bodyText(client.invokeSync(null, request(NAMED), TIMEOUT))).isEqualTo("A");

        client.setAddressSelector(null);

        assertThat(client.getAddressSelector()).isNull();
        assertThat(bodyText(client.invokeSync(null, request(NAMED), TIMEOUT))).isEqualTo("B");
        assertThat(selector.asked).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRetryableRequestWhoseConnectionClosedBeforeTheResponseIsAnsweredByTheNextPick(CallMode mode)
            throws Exception {
        NamedServer a = server("A", 0, true, false);
        NamedServer b = server("B");
        // Offered again at once, A is passed over by the retry.
        Selector selector = new Selector("A twice first", a.addr(), a.addr(), b.addr());
        NettyRemotingClient client = client(new Connects(), selector);

        RemotingCommand response = mode.call(client, request(HANG_UP).markRetryable());

        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(bodyText(response)).isEqualTo("B");
        assertThat(a.hangUps).hasValue(1);
        assertThat(b.hangUps).hasValue(1);
        assertThat(selector.asked).as("A; then A passed over, B").hasValue(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRequestNotMarkedRetryableWhoseConnectionClosedBeforeTheResponseFails(CallMode mode) throws Exception {
        NamedServer a = server("A", 0, true, false);
        NamedServer b = server("B");
        Selector selector = new Selector("A first", a.addr(), b.addr());
        NettyRemotingClient client = client(new Connects(), selector);

        Throwable failure = mode.failure(client, request(HANG_UP));

        assertThat(failure).isInstanceOf(RemotingSendRequestException.class);
        assertThat(a.hangUps).hasValue(1);
        assertThat(b.hangUps).hasValue(0);
        assertThat(selector.asked).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRetryableRequestTooLargeToSendIsNotSentAgain(CallMode mode) throws Exception {
        NamedServer a = server("A");
        NamedServer b = server("B");
        Selector selector = new Selector("A first", a.addr(), b.addr());
        NettyClientConfig config = ServerClientFixture.clientConfig();
        config.setMaxFrameLength(1024);
        NettyRemotingClient client = client(config, new Connects(), selector);
        RemotingCommand oversized = request(NAMED).markRetryable();
        oversized.setBody(new byte[2048]);

        Throwable failure = mode.failure(client, oversized);

        assertThat(failure).isInstanceOf(RemotingSendRequestException.class);
        assertThat(selector.asked).as("the same request fails to encode whichever the address").hasValue(1);
        assertThat(client.getChannels()).containsOnlyKeys(a.addr());
        assertThat(a.named.get() + b.named.get()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRetryableRequestAnsweredGoAwayIsAnsweredByTheNextPickPassingOverTheDrainingServer(CallMode mode)
            throws Exception {
        NamedServer a = server("A", 0, false, true);
        NamedServer b = server("B");
        // Offered again at once, A is passed over by the retry.
        Selector selector = new Selector("A twice first", a.addr(), a.addr(), b.addr());
        NettyRemotingClient client = client(new Connects(), selector);
        assertThat(bodyText(client.invokeSync(null, request(NAMED), TIMEOUT))).isEqualTo("A");
        Channel first = client.getChannels().get(a.addr());
        // Another client's call keeps A draining until it is released.
        CompletableFuture<RemotingCommand> pending = fixture.client().invoke(a.addr(), request(BLOCK), 30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.blocked.get() == 1);
        a.startDraining(fixture.client());
        selector.startAt(0);

        RemotingCommand response = mode.call(client, request(NAMED).markRetryable());

        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(bodyText(response)).isEqualTo("B");
        assertThat(a.named).as("GO_AWAY is answered before any handler").hasValue(1);
        assertThat(b.named).hasValue(1);
        assertThat(selector.asked).as("the first call; A; then A passed over, B").hasValue(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isOpen());
        assertThat(client.getChannels()).containsOnlyKeys(b.addr());

        a.finishShutdown();
        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
    }

    @Test
    void aRetiredConnectionGetsNoNewCallsAndClosesOnceItsPendingCallIsAnswered() throws Exception {
        NamedServer a = server("A");
        NamedServer b = server("B");
        Selector selector = new Selector("A first", a.addr(), b.addr());
        NettyRemotingClient client = client(new Connects(), selector);
        CompletableFuture<RemotingCommand> pending = client.invoke(null, request(BLOCK), 30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.blocked.get() == 1);
        Channel first = client.getChannels().get(a.addr());
        assertThat(first).isNotNull();
        assertThat(client.getPendingCallsByChannel()).isEqualTo(Map.of(first, 1));

        selector.addrs.remove(a.addr());
        client.retireChannels(List.of(a.addr()));

        assertThat(client.getChannels()).doesNotContainKey(a.addr());
        for (CallMode mode : CallMode.values()) {
            assertThat(bodyText(mode.call(client, request(NAMED)))).as(mode.name()).isEqualTo("B");
        }
        assertThat(client.getPendingCallsByChannel()).isEqualTo(Map.of(first, 1));
        assertThat(first.isOpen()).as("open while its call is pending").isTrue();
        assertThat(a.named).hasValue(0);
        assertThat(a.server.getConnectionCount()).isEqualTo(1);

        a.release.countDown();

        assertThat(bodyText(pending.get(10, TimeUnit.SECONDS))).isEqualTo("released");
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isOpen());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.server.getConnectionCount() == 0);
        assertThat(client.getChannels()).containsOnlyKeys(b.addr());
        assertThat(client.getPendingCallsByChannel()).isEmpty();
    }

    @Test
    void anIdleRetiredConnectionClosesAtOnceAndALaterCallConnectsAgain() throws Exception {
        NamedServer a = server("A");
        Selector selector = new Selector("A only", a.addr());
        Connects connects = new Connects();
        NettyRemotingClient client = client(connects, selector);
        assertThat(bodyText(client.invokeSync(null, request(NAMED), TIMEOUT))).isEqualTo("A");
        Channel first = client.getChannels().get(a.addr());

        client.retireChannels(List.of(a.addr()));

        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isOpen());
        assertThat(bodyText(client.invokeSync(null, request(NAMED), TIMEOUT))).isEqualTo("A");
        assertThat(client.getChannels().get(a.addr())).isNotSameAs(first);
        assertThat(connects.count).hasValue(2);
    }

    @Test
    void callsMadeOnANettyThreadAskTheSelectorOffThatThreadAndAreAnswered() throws Exception {
        NamedServer a = server("A");
        NamedServer b = server("B");
        // B is not connected yet: making the call means connecting, which an event loop must not wait for.
        Selector selector = new Selector("B only", b.addr());
        NettyRemotingClient client = client(new Connects(), selector);
        assertThat(bodyText(client.invokeSync(a.addr(), request(NAMED), TIMEOUT))).isEqualTo("A");
        Channel channel = client.getChannels().get(a.addr());
        OnceCallback callback = new OnceCallback();
        CompletableFuture<CompletableFuture<RemotingCommand>> made = new CompletableFuture<>();

        channel.eventLoop().execute(() -> {
            try {
                client.invokeAsync(null, request(NAMED), TIMEOUT, callback);
                made.complete(client.invoke(null, request(NAMED), TIMEOUT));
            } catch (Throwable e) {
                made.completeExceptionally(e);
            }
        });

        CompletableFuture<RemotingCommand> invoked = made.get(10, TimeUnit.SECONDS);
        assertThat(bodyText(callback.result.get(10, TimeUnit.SECONDS))).isEqualTo("B");
        assertThat(bodyText(invoked.get(10, TimeUnit.SECONDS))).isEqualTo("B");
        assertThat(selector.askedOnNettyThread).isFalse();
        assertThat(selector.asked).hasValue(2);
        assertThat(b.named).hasValue(2);
    }
}
