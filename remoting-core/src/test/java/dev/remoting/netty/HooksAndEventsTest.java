package dev.remoting.netty;

import dev.remoting.ChannelEventListener;
import dev.remoting.NettyEventType;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.RPCHook;
import dev.remoting.RemotingHelper;
import dev.remoting.netty.LoopbackFixture.RecordingCallback;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static dev.remoting.netty.LoopbackFixture.addr;
import static dev.remoting.netty.LoopbackFixture.body;
import static dev.remoting.netty.LoopbackFixture.eventually;
import static dev.remoting.netty.LoopbackFixture.request;
import static dev.remoting.netty.LoopbackFixture.success;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * RPC hooks on both sides of a call, and the channel events each side delivers to its listener: on a thread of
 * their own, bounded, with overflow counted (docs/protocol.md §7.6, §8.7).
 */
@ExtendWith(ProvokedLogs.class)
class HooksAndEventsTest {

    private static final byte[] GARBAGE = "\u00ff\u00ff\u00ff\u00ffthis is not a remoting frame"
            .getBytes(StandardCharsets.ISO_8859_1);

    private final LoopbackFixture fixture = new LoopbackFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    // ---------------------------------------------------------------------------------------------------- hooks

    /** Appends "side:before:code:body" and "side:after:code:responseCode:responseBody" to a shared log. */
    private record RecordingHook(String side, List<String> log, List<String> remoteAddrs) implements RPCHook {
        @Override
        public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
            remoteAddrs.add(remoteAddr);
            String tag = request.getExtFields() == null ? null : request.getExtFields().get("tag");
            log.add(side + ":before:" + request.getCode() + ":" + body(request) + (tag == null ? "" : ":tag=" + tag));
            if (side.equals("client")) {
                request.addExtField("signature", "signed-by-client-hook");
            }
        }

        @Override
        public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            log.add(side + ":after:" + request.getCode() + ":" + response.getCode() + ":" + body(response));
        }
    }

    static final class TagHeader implements CommandCustomHeader {
        private String tag;

        TagHeader() {
        }

        TagHeader(String tag) {
            this.tag = tag;
        }

        @Override
        public void checkFields() {
        }
    }

    @Test
    void hooksRunBeforeAndAfterOnBothSides() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> serverHookAddrs = new CopyOnWriteArrayList<>();
        List<String> clientHookAddrs = new CopyOnWriteArrayList<>();
        AtomicReference<Channel> clientChannel = new AtomicReference<>();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerRPCHook(new RecordingHook("server", log, serverHookAddrs));
        server.registerProcessor(1, (ctx, request) -> {
            clientChannel.set(ctx.channel());
            log.add("server:process:" + body(request) + ":" + request.getExtFields().get("signature"));
            return success("re:" + body(request));
        }, null);
        server.start();
        RecordingHook clientHook = new RecordingHook("client", log, clientHookAddrs);
        NettyRemotingClient client = fixture.newClient(LoopbackFixture.clientConfig(), null);
        client.registerRPCHook(clientHook);
        client.registerRPCHook(clientHook);
        assertThat(client.getRPCHooks()).as("a hook registered twice runs once").hasSize(1);
        client.registerProcessor(100, (ctx, request) -> {
            log.add("client:process:" + body(request));
            return success("client-re:" + body(request));
        }, null);
        client.start();
        String addr = addr(server);

        // Sync: each step happens-before the next across the wire, so one log shows the whole order.
        RemotingCommand sync = RemotingCommand.createRequestCommand(1, new TagHeader("t1"));
        sync.setBody("sync".getBytes(StandardCharsets.UTF_8));
        assertThat(body(client.invokeSync(addr, sync, 3000))).isEqualTo("re:sync");
        assertThat(log).containsExactly(
                "client:before:1:sync:tag=t1",
                "server:before:1:sync:tag=t1",
                "server:process:sync:signed-by-client-hook",
                "server:after:1:0:re:sync",
                "client:after:1:0:re:sync");
        assertThat(clientHookAddrs).containsExactly(addr);
        Channel channel = clientChannel.get();
        assertThat(serverHookAddrs).containsExactly(RemotingHelper.parseSocketAddress(channel.remoteAddress()));

        // Async: the after-hook has run by the time the callback sees the response.
        log.clear();
        RecordingCallback callback = new RecordingCallback(() -> log.add("callback"));
        client.invokeAsync(addr, request(1, "async"), 3000, callback);
        callback.awaitDone();
        assertThat(log).containsExactly(
                "client:before:1:async",
                "server:before:1:async",
                "server:process:async:signed-by-client-hook",
                "server:after:1:0:re:async",
                "client:after:1:0:re:async",
                "callback");

        // Oneway: the client runs only its before-hooks.
        log.clear();
        client.invokeOneway(addr, request(1, "oneway"), 3000);
        eventually().until(() -> log.contains("server:process:oneway:signed-by-client-hook"));
        assertThat(log).startsWith("client:before:1:oneway", "server:before:1:oneway",
                "server:process:oneway:signed-by-client-hook");
        assertThat(log).noneMatch(entry -> entry.startsWith("client:after"));

        // Server-initiated calls run no server hooks; the client runs its hooks around its processor. (The
        // oneway call above may still be finishing on the server, so look only at what this call logs.)
        RemotingCommand fromServer = server.invokeSync(channel, request(100, "push"), 3000);
        assertThat(body(fromServer)).isEqualTo("client-re:push");
        assertThat(log).filteredOn(entry -> entry.contains("100") || entry.contains("push")).containsExactly(
                "client:before:100:push",
                "client:process:push",
                "client:after:100:0:client-re:push");
    }

    @Test
    void aServerBeforeHookThatThrowsGivesSystemErrorAndSkipsTheProcessor() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        List<String> after = new CopyOnWriteArrayList<>();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerRPCHook(new RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                if (request.getCode() == 2) {
                    throw new IllegalStateException("the hook says no");
                }
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
                after.add(request.getCode() + ":" + response.getCode());
            }
        });
        NettyRequestProcessor counting = (ctx, request) -> {
            processed.incrementAndGet();
            return success("processed");
        };
        server.registerProcessor(1, counting, null);
        server.registerProcessor(2, counting, null);
        server.start();
        NettyRemotingClient client = fixture.client();
        String addr = addr(server);

        RemotingCommand refused = client.invokeSync(addr, request(2, null), 3000);
        assertThat(refused.getCode()).isEqualTo(RemotingSysResponseCode.SYSTEM_ERROR);
        assertThat(refused.getRemark()).contains("the hook says no");
        assertThat(processed).hasValue(0);

        RemotingCommand fine = client.invokeSync(addr, request(1, null), 3000);
        assertThat(fine.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(processed).hasValue(1);
        assertThat(after).endsWith("1:0");
    }

    @Test
    void anAfterHookThatThrowsIsSkippedAndTheCallerStillGetsTheResponseOnEveryPath() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        RPCHook throwing = new RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
                throw new IllegalStateException("the after-hook is broken");
            }
        };
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerRPCHook(throwing);
        server.registerRPCHook(new RecordingHook("server", log, new CopyOnWriteArrayList<>()));
        server.registerProcessor(1, LoopbackFixture.echo(), null);
        server.start();
        NettyRemotingClient client = fixture.newClient(LoopbackFixture.clientConfig(), null);
        client.registerRPCHook(throwing);
        client.registerRPCHook(new RecordingHook("client", log, new CopyOnWriteArrayList<>()));
        client.start();
        String addr = addr(server);

        RemotingCommand sync = client.invokeSync(addr, request(1, "sync"), 3000);
        assertThat(sync.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(body(sync)).isEqualTo("sync");
        RecordingCallback callback = new RecordingCallback();
        client.invokeAsync(addr, request(1, "async"), 3000, callback);
        callback.awaitDone();
        assertThat(callback.succeeded).hasValue(1);
        assertThat(body(callback.response.get())).isEqualTo("async");

        // The hooks registered after the broken one still ran, on the server and on the client, for both calls.
        eventually().until(() -> log.size() == 8);
        assertThat(log).contains("server:after:1:0:sync", "client:after:1:0:sync", "server:after:1:0:async",
                "client:after:1:0:async");
    }

    // --------------------------------------------------------------------------------------------------- events

    private record Event(NettyEventType type, String remoteAddr, Channel channel, Thread thread, boolean onNetty) {
    }

    /** Records every event and the thread it arrived on; optionally blocks in every callback until a gate opens. */
    private static final class RecordingListener implements ChannelEventListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        private final CountDownLatch gate;

        RecordingListener() {
            this(new CountDownLatch(0));
        }

        RecordingListener(CountDownLatch gate) {
            this.gate = gate;
        }

        private void record(NettyEventType type, String remoteAddr, Channel channel) {
            events.add(new Event(type, remoteAddr, channel, Thread.currentThread(), LoopbackFixture.onNettyThread()));
            try {
                LoopbackFixture.pass(gate);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onChannelConnect(String remoteAddr, Channel channel) {
            record(NettyEventType.CONNECT, remoteAddr, channel);
        }

        @Override
        public void onChannelClose(String remoteAddr, Channel channel) {
            record(NettyEventType.CLOSE, remoteAddr, channel);
        }

        @Override
        public void onChannelException(String remoteAddr, Channel channel) {
            record(NettyEventType.EXCEPTION, remoteAddr, channel);
        }

        @Override
        public void onChannelIdle(String remoteAddr, Channel channel) {
            record(NettyEventType.IDLE, remoteAddr, channel);
        }

        @Override
        public void onChannelActive(String remoteAddr, Channel channel) {
            record(NettyEventType.ACTIVE, remoteAddr, channel);
        }

        boolean has(NettyEventType type) {
            return events.stream().anyMatch(e -> e.type() == type);
        }

        List<NettyEventType> types() {
            return events.stream().map(Event::type).toList();
        }

        void assertDeliveredOffTheEventLoop() {
            assertThat(events).isNotEmpty().allSatisfy(e -> {
                assertThat(e.onNetty()).as("%s delivered on Netty thread %s", e.type(), e.thread().getName())
                        .isFalse();
                assertThat(LoopbackFixture.isNettyIoThreadName(e.thread().getName())).isFalse();
            });
        }
    }

    @Test
    void connectActiveAndCloseAreDeliveredOnBothSidesOffTheEventLoop() throws Exception {
        RecordingListener serverEvents = new RecordingListener();
        RecordingListener clientEvents = new RecordingListener();
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), serverEvents);
        server.registerProcessor(1, LoopbackFixture.echo(), null);
        server.start();
        NettyRemotingClient client = fixture.client(LoopbackFixture.clientConfig(), clientEvents);
        String addr = addr(server);

        client.invokeSync(addr, request(1, "hi"), 3000);
        eventually().until(() -> serverEvents.has(NettyEventType.CONNECT)
                && clientEvents.has(NettyEventType.CONNECT) && clientEvents.has(NettyEventType.ACTIVE));
        client.closeChannels(List.of(addr));
        eventually().until(() -> serverEvents.has(NettyEventType.CLOSE) && clientEvents.has(NettyEventType.CLOSE));

        assertThat(serverEvents.types()).containsExactly(NettyEventType.CONNECT, NettyEventType.CLOSE);
        assertThat(clientEvents.types()).containsExactlyInAnyOrder(NettyEventType.CONNECT, NettyEventType.ACTIVE,
                NettyEventType.CLOSE);
        assertThat(clientEvents.types()).endsWith(NettyEventType.CLOSE);
        serverEvents.assertDeliveredOffTheEventLoop();
        clientEvents.assertDeliveredOffTheEventLoop();

        Channel serverSide = serverEvents.events.get(0).channel();
        Channel clientSide = clientEvents.events.get(0).channel();
        assertThat(serverEvents.events).allSatisfy(e -> {
            assertThat(e.channel()).isSameAs(serverSide);
            assertThat(e.remoteAddr()).isEqualTo(RemotingHelper.parseSocketAddress(clientSide.localAddress()));
        });
        assertThat(clientEvents.events).allSatisfy(e -> {
            assertThat(e.channel()).isSameAs(clientSide);
            assertThat(e.remoteAddr()).isEqualTo(addr);
        });
    }

    @Test
    void anIdleServerConnectionIsReportedAndClosed() throws Exception {
        RecordingListener serverEvents = new RecordingListener();
        RecordingListener clientEvents = new RecordingListener();
        NettyServerConfig serverConfig = LoopbackFixture.serverConfig();
        serverConfig.setServerChannelMaxIdleTimeSeconds(1);
        NettyRemotingServer server = fixture.newServer(serverConfig, serverEvents);
        server.registerProcessor(1, LoopbackFixture.echo(), null);
        server.start();
        NettyClientConfig clientConfig = LoopbackFixture.clientConfig();
        clientConfig.setClientChannelMaxIdleTimeSeconds(0);
        NettyRemotingClient client = fixture.client(clientConfig, clientEvents);

        client.invokeSync(addr(server), request(1, "then silence"), 3000);
        long lastActivity = System.nanoTime();
        eventually().until(() -> serverEvents.has(NettyEventType.IDLE));
        long idleAfterMillis = (System.nanoTime() - lastActivity) / 1_000_000;
        eventually().until(() -> serverEvents.has(NettyEventType.CLOSE) && clientEvents.has(NettyEventType.CLOSE)
                && server.getConnectionCount() == 0);
        assertThat(idleAfterMillis).as("not before the idle time").isGreaterThanOrEqualTo(500);
        assertThat(serverEvents.types()).containsExactly(NettyEventType.CONNECT, NettyEventType.IDLE,
                NettyEventType.CLOSE);
        assertThat(clientEvents.has(NettyEventType.IDLE)).isFalse();
        serverEvents.assertDeliveredOffTheEventLoop();
    }

    @Test
    void anIdleClientConnectionIsReportedAndClosed() throws Exception {
        RecordingListener serverEvents = new RecordingListener();
        RecordingListener clientEvents = new RecordingListener();
        NettyServerConfig serverConfig = LoopbackFixture.serverConfig();
        serverConfig.setServerChannelMaxIdleTimeSeconds(0);
        NettyRemotingServer server = fixture.newServer(serverConfig, serverEvents);
        server.registerProcessor(1, LoopbackFixture.echo(), null);
        server.start();
        NettyClientConfig clientConfig = LoopbackFixture.clientConfig();
        clientConfig.setClientChannelMaxIdleTimeSeconds(1);
        NettyRemotingClient client = fixture.client(clientConfig, clientEvents);

        client.invokeSync(addr(server), request(1, "then silence"), 3000);
        eventually().until(() -> clientEvents.has(NettyEventType.IDLE));
        eventually().until(() -> clientEvents.has(NettyEventType.CLOSE) && serverEvents.has(NettyEventType.CLOSE));
        assertThat(clientEvents.types()).endsWith(NettyEventType.IDLE, NettyEventType.CLOSE);
        assertThat(serverEvents.has(NettyEventType.IDLE)).isFalse();
        clientEvents.assertDeliveredOffTheEventLoop();
        eventually().until(() -> client.getConnectionCount() == 0);
    }

    @Test
    void garbageFromARawSocketIsAnExceptionEventAndClosesTheConnection() throws Exception {
        RecordingListener serverEvents = new RecordingListener();
        NettyRemotingServer server = fixture.server(LoopbackFixture.serverConfig(), serverEvents);

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.localListenPort()), 3000);
            socket.setSoTimeout((int) PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(GARBAGE);
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("the server closed the connection without answering").isEqualTo(-1);
        }
        eventually().until(() -> serverEvents.has(NettyEventType.CLOSE));
        assertThat(serverEvents.types()).containsExactly(NettyEventType.CONNECT, NettyEventType.EXCEPTION,
                NettyEventType.CLOSE);
        serverEvents.assertDeliveredOffTheEventLoop();
    }

    @Test
    void garbageFromTheServerIsAnExceptionEventOnTheClient() throws Exception {
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, (ctx, request) -> {
            ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(GARBAGE));
            return null;
        }, null);
        server.start();
        RecordingListener clientEvents = new RecordingListener();
        NettyRemotingClient client = fixture.client(LoopbackFixture.clientConfig(), clientEvents);

        client.invokeOneway(addr(server), request(1, "send me garbage"), 3000);
        eventually().until(() -> clientEvents.has(NettyEventType.CLOSE));
        assertThat(clientEvents.types()).contains(NettyEventType.EXCEPTION);
        assertThat(clientEvents.types().indexOf(NettyEventType.EXCEPTION))
                .isLessThan(clientEvents.types().indexOf(NettyEventType.CLOSE));
        clientEvents.assertDeliveredOffTheEventLoop();
        eventually().until(() -> server.getConnectionCount() == 0);
    }

    @Test
    void eventsThatOverflowTheServerQueueAreDroppedAndCounted() throws Exception {
        CountDownLatch gate = fixture.gate();
        RecordingListener serverEvents = new RecordingListener(gate);
        NettyServerConfig config = LoopbackFixture.serverConfig();
        config.setEventQueueCapacity(1);
        NettyRemotingServer server = fixture.server(config, serverEvents);

        int connections = 3;
        for (int i = 0; i < connections; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.localListenPort()), 3000);
            }
        }
        int published = connections * 2; // CONNECT and CLOSE each
        // One event in the blocked listener and one in the queue: the rest cannot fit.
        eventually().until(() -> server.getDroppedEventCount() >= published - 2);
        assertThat(serverEvents.events).hasSizeLessThanOrEqualTo(1);

        gate.countDown();
        eventually().until(() -> serverEvents.events.size() + server.getDroppedEventCount() == published);
        assertThat(server.getDroppedEventCount()).isPositive();
        serverEvents.assertDeliveredOffTheEventLoop();
    }

    @Test
    void eventsThatOverflowTheClientQueueAreDroppedAndCounted() throws Exception {
        NettyRemotingServer server = fixture.newServer(LoopbackFixture.serverConfig(), null);
        server.registerProcessor(1, LoopbackFixture.echo(), null);
        server.start();
        CountDownLatch gate = fixture.gate();
        RecordingListener clientEvents = new RecordingListener(gate);
        NettyClientConfig config = LoopbackFixture.clientConfig();
        config.setEventQueueCapacity(1);
        NettyRemotingClient client = fixture.client(config, clientEvents);
        String addr = addr(server);

        client.invokeSync(addr, request(1, "connect"), 3000);
        client.closeChannels(List.of(addr));
        eventually().until(() -> server.getConnectionCount() == 0);
        int published = 3; // CONNECT, ACTIVE, CLOSE
        eventually().until(() -> client.getDroppedEventCount() >= 1);

        gate.countDown();
        eventually().until(() -> clientEvents.events.size() + client.getDroppedEventCount() == published);
        assertThat(client.getDroppedEventCount()).isPositive();
        clientEvents.assertDeliveredOffTheEventLoop();
    }
}
