package dev.remoting.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.RPCHook;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signed requests over real loopback connections: a server checked by {@link SignatureCheckRPCHook} runs requests
 * that {@link SigningRPCHook} signed with any of its access keys, and answers NO_PERMISSION (16) without running the
 * handler to anything unsigned, wrongly signed, from an unknown key, stale, or changed after it was signed.
 */
class RequestAuthenticationTest {

    static final int ECHO = 7;
    static final long TIMEOUT = 10_000;
    static final Map<String, String> KEYS = Map.of("app-1", "secret-1", "app-2", "secret-2");

    private final AtomicInteger handled = new AtomicInteger();
    private final List<NettyRemotingClient> clients = new ArrayList<>();
    private final List<NettyRemotingServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(NettyRemotingClient::shutdown);
        servers.forEach(NettyRemotingServer::shutdown);
    }

    /** A header whose field must arrive, and be signed, like any extField. */
    public static final class EchoHeader implements CommandCustomHeader {
        private String topic;

        public EchoHeader() {
        }

        EchoHeader(String topic) {
            this.topic = topic;
        }

        @Override
        public void checkFields() {
        }
    }

    private String startServer(SignatureCheckRPCHook check) {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        config.setServerSelectorThreads(1);
        config.setServerWorkerThreads(2);
        config.setServerCallbackExecutorThreads(2);
        NettyRemotingServer server = new NettyRemotingServer(config);
        servers.add(server);
        server.registerProcessor(ECHO, (ctx, request) -> {
            handled.incrementAndGet();
            EchoHeader header = request.decodeCommandCustomHeader(EchoHeader.class);
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS,
                    header.topic);
            response.setBody(request.getBody());
            return response;
        }, null);
        server.registerRPCHook(check);
        server.start();
        return "127.0.0.1:" + server.localListenPort();
    }

    private NettyRemotingClient client(RPCHook... hooks) {
        NettyClientConfig config = new NettyClientConfig();
        config.setClientWorkerThreads(1);
        config.setClientCallbackExecutorThreads(2);
        NettyRemotingClient client = new NettyRemotingClient(config);
        clients.add(client);
        for (RPCHook hook : hooks) {
            client.registerRPCHook(hook);
        }
        client.start();
        return client;
    }

    private static RemotingCommand request(SerializeType type, String body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(ECHO, new EchoHeader("orders"));
        request.setSerializeTypeCurrentRPC(type);
        request.setBody(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private static void assertEchoed(RemotingCommand response, String body) {
        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(response.getRemark()).isEqualTo("orders");
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    /** A hook that runs after the signing hook and changes the request it signed. */
    private static RPCHook tamper(Consumer<RemotingCommand> change) {
        return new RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                change.accept(request);
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            }
        };
    }

    /** Signs as RocketMQ's own ACL client does: no timestamp. */
    private static RPCHook signWithoutTimestamp(String accessKey, String secretKey) {
        return tamper(request -> {
            request.makeCustomHeaderToNet();
            request.addExtField(AclSignatures.ACCESS_KEY, accessKey);
            request.addExtField(AclSignatures.SIGNATURE,
                    AclSignatures.sign(request.getExtFields(), request.getBody(), secretKey));
        });
    }

    // ----------------------------------------------------------------------------------------------- accepted

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void everyConfiguredKeyGetsThroughSyncAsyncAndOneway(SerializeType type) throws Exception {
        SignatureCheckRPCHook check = new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5));
        String addr = startServer(check);
        NettyRemotingClient first = client(new SigningRPCHook("app-1", "secret-1"));
        NettyRemotingClient second = client(new SigningRPCHook("app-2", "secret-2"));

        assertEchoed(first.invokeSync(addr, request(type, "sync"), TIMEOUT), "sync");
        assertEchoed(second.invoke(addr, request(type, "async \u2713"), TIMEOUT).get(TIMEOUT, TimeUnit.MILLISECONDS),
                "async \u2713");
        first.invokeOneway(addr, request(type, "oneway"), TIMEOUT);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 3);
        assertThat(check.getRejectedCount()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void aRequestWithoutBodyOrHeaderIsSignedToo(SerializeType type) throws Exception {
        String addr = startServer(new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5)));
        NettyRemotingClient client = client(new SigningRPCHook("app-1", "secret-1"));
        RemotingCommand bare = RemotingCommand.createRequestCommand(ECHO, null);
        bare.setSerializeTypeCurrentRPC(type);

        RemotingCommand response = client.invokeSync(addr, bare, TIMEOUT);

        assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(handled).hasValue(1);
    }

    @Test
    void aMissingTimestampIsAcceptedOnlyWhenNotRequired() throws Exception {
        String addr = startServer(new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5), false, Clock.systemUTC()));
        NettyRemotingClient rocketMQStyle = client(signWithoutTimestamp("app-1", "secret-1"));
        NettyRemotingClient stale = client(new SigningRPCHook("app-1", "secret-1", null,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10))));

        assertEchoed(rocketMQStyle.invokeSync(addr, request(SerializeType.JSON, "no timestamp"), TIMEOUT),
                "no timestamp");
        // A timestamp that is present is still checked.
        RemotingCommand refused = stale.invokeSync(addr, request(SerializeType.JSON, "stale"), TIMEOUT);
        assertThat(refused.getCode()).isEqualTo(RemotingSysResponseCode.NO_PERMISSION);
        assertThat(handled).hasValue(1);
    }

    // ------------------------------------------------------------------------------------------------ refused

    enum Refusal {
        UNSIGNED(SignatureCheckRPCHook.NOT_SIGNED),
        WRONG_SECRET(SignatureCheckRPCHook.REJECTED, new SigningRPCHook("app-1", "secret-2")),
        UNKNOWN_ACCESS_KEY(SignatureCheckRPCHook.REJECTED, new SigningRPCHook("app-3", "secret-1")),
        STALE_TIMESTAMP(SignatureCheckRPCHook.STALE, new SigningRPCHook("app-1", "secret-1", null,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)))),
        FUTURE_TIMESTAMP(SignatureCheckRPCHook.STALE, new SigningRPCHook("app-1", "secret-1", null,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)))),
        MISSING_TIMESTAMP(SignatureCheckRPCHook.STALE, signWithoutTimestamp("app-1", "secret-1")),
        TAMPERED_BODY(SignatureCheckRPCHook.REJECTED, new SigningRPCHook("app-1", "secret-1"),
                tamper(request -> request.getBody()[0] ^= 1)),
        TAMPERED_HEADER_FIELD(SignatureCheckRPCHook.REJECTED, new SigningRPCHook("app-1", "secret-1"),
                tamper(request -> ((EchoHeader) request.readCustomHeader()).topic = "payments")),
        ADDED_FIELD(SignatureCheckRPCHook.REJECTED, new SigningRPCHook("app-1", "secret-1"),
                tamper(request -> request.addExtField("admin", "true"))),
        REPLACED_TIMESTAMP(SignatureCheckRPCHook.REJECTED, new SigningRPCHook("app-1", "secret-1"),
                tamper(request -> request.addExtField(AclSignatures.TIMESTAMP,
                        Long.toString(System.currentTimeMillis() + 1)))),
        SIGNATURE_WITHOUT_ACCESS_KEY(SignatureCheckRPCHook.NOT_SIGNED, new SigningRPCHook("app-1", "secret-1"),
                tamper(request -> request.getExtFields().remove(AclSignatures.ACCESS_KEY)));

        final String remark;
        final RPCHook[] hooks;

        Refusal(String remark, RPCHook... hooks) {
            this.remark = remark;
            this.hooks = hooks;
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(SerializeType.values())
                .flatMap(type -> Stream.of(Refusal.values()).map(refusal -> Arguments.of(type, refusal)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusals")
    void refusedWithNoPermissionAndTheHandlerNeverRuns(SerializeType type, Refusal refusal) throws Exception {
        SignatureCheckRPCHook check = new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5));
        String addr = startServer(check);
        NettyRemotingClient client = client(refusal.hooks);

        RemotingCommand sync = client.invokeSync(addr, request(type, "sync"), TIMEOUT);
        RemotingCommand async = client.invoke(addr, request(type, "async"), TIMEOUT)
                .get(TIMEOUT, TimeUnit.MILLISECONDS);

        for (RemotingCommand response : List.of(sync, async)) {
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.NO_PERMISSION).isEqualTo(16);
            assertThat(response.getRemark()).isEqualTo(refusal.remark);
            assertThat(response.getBody()).isNull();
            assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(type);
        }
        assertThat(check.getRejectedCount()).isEqualTo(2);
        assertThat(handled).hasValue(0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void anUnsignedOnewayRequestIsDroppedWithoutRunningTheHandler(SerializeType type) throws Exception {
        SignatureCheckRPCHook check = new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5));
        String addr = startServer(check);
        NettyRemotingClient unsigned = client();
        NettyRemotingClient signed = client(new SigningRPCHook("app-2", "secret-2"));

        unsigned.invokeOneway(addr, request(type, "oneway"), TIMEOUT);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> check.getRejectedCount() == 1);
        assertThat(handled).hasValue(0);
        // The connection stays usable: a signed request right after it runs.
        assertEchoed(signed.invokeSync(addr, request(type, "after"), TIMEOUT), "after");
        assertThat(handled).hasValue(1);
    }

    @Test
    void theRemarkNamesNoKey() throws Exception {
        String addr = startServer(new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5)));
        NettyRemotingClient client = client(new SigningRPCHook("app-1", "guessed-secret"));

        RemotingCommand response = client.invokeSync(addr, request(SerializeType.JSON, "x"), TIMEOUT);

        assertThat(response.getRemark()).doesNotContain("app-1", "secret", "guessed");
    }

    /** A processor that throws the abort exception itself is answered the same way. */
    @Test
    void aProcessorMayAbortWithItsOwnCode() throws Exception {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        NettyRemotingServer server = new NettyRemotingServer(config);
        servers.add(server);
        server.registerProcessor(ECHO, (ctx, request) -> {
            throw new dev.remoting.exception.RemotingAbortException(4242, "not today");
        }, null);
        server.start();
        NettyRemotingClient client = client();

        RemotingCommand response = client.invokeSync("127.0.0.1:" + server.localListenPort(),
                request(SerializeType.ROCKETMQ, "x"), TIMEOUT);

        assertThat(response.getCode()).isEqualTo(4242);
        assertThat(response.getRemark()).isEqualTo("not today");
    }
}
