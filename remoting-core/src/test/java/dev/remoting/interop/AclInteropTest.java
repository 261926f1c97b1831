package dev.remoting.interop;

import static dev.remoting.interop.InteropFixture.TIMEOUT_MILLIS;
import static dev.remoting.interop.InteropFixture.ourRequest;
import static dev.remoting.interop.InteropFixture.theirProcessor;
import static dev.remoting.interop.InteropFixture.theirRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.auth.SignatureCheckRPCHook;
import dev.remoting.auth.SigningRPCHook;
import dev.remoting.interop.InteropFixture.Body;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.AclUtils;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.common.MixAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request signatures across implementations, over real connections: our signing client passes the signature check
 * of an ACL 1.0 RocketMQ broker (done here with RocketMQ 5.3.1's own {@code AclUtils}, the way its
 * {@code PlainAccessResource} and {@code PlainPermissionManager} do it), and RocketMQ's own {@code AclClientRPCHook}
 * passes ours.
 */
class AclInteropTest {

    private static final int CODE = 1001;
    private static final Map<String, String> KEYS = Map.of("rocketmq2", "12345678");

    private final List<Runnable> stops = new ArrayList<>();

    @AfterEach
    void stop() {
        stops.forEach(Runnable::run);
    }

    /** RocketMQ's server, with a processor doing the broker's ACL 1.0 signature check. */
    private String rocketMQServerCheckingSignatures(AtomicInteger passed) {
        org.apache.rocketmq.remoting.netty.NettyServerConfig config =
                new org.apache.rocketmq.remoting.netty.NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        org.apache.rocketmq.remoting.netty.NettyRemotingServer server =
                new org.apache.rocketmq.remoting.netty.NettyRemotingServer(config);
        server.registerProcessor(CODE, theirProcessor(false, (ctx, request) -> {
            // PlainAccessResource.parse: every extField but the signature (and the unique-key query flag) ...
            SortedMap<String, String> signed = new TreeMap<>();
            request.getExtFields().forEach((key, value) -> {
                if (!SessionCredentials.SIGNATURE.equals(key) && !MixAll.UNIQUE_MSG_QUERY_FLAG.equals(key)) {
                    signed.put(key, value);
                }
            });
            byte[] content = AclUtils.combineRequestContent(request, signed);
            // ... PlainPermissionManager.validate: recompute with the owner's secret key and compare.
            String secretKey = KEYS.get(request.getExtFields().get(SessionCredentials.ACCESS_KEY));
            boolean ok = secretKey != null && AclUtils.calSignature(content, secretKey)
                    .equals(request.getExtFields().get(SessionCredentials.SIGNATURE));
            if (ok) {
                passed.incrementAndGet();
            }
            return org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(ok ? 0 : 16,
                    ok ? "signature ok" : "signature check failed");
        }), null);
        server.start();
        stops.add(server::shutdown);
        return "127.0.0.1:" + server.localListenPort();
    }

    private NettyRemotingClient ourClient(SigningRPCHook hook) {
        NettyRemotingClient client = new NettyRemotingClient(new dev.remoting.netty.NettyClientConfig());
        client.registerRPCHook(hook);
        client.start();
        stops.add(0, client::shutdown);
        return client;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void ourSignedRequestPassesRocketMQsSignatureCheck(SerializeType type) throws Exception {
        AtomicInteger passed = new AtomicInteger();
        String addr = rocketMQServerCheckingSignatures(passed);
        NettyRemotingClient client = ourClient(new SigningRPCHook("rocketmq2", "12345678"));

        RemotingCommand response = client.invokeSync(addr, ourRequest(CODE, type, Body.KIB_64.bytes()),
                TIMEOUT_MILLIS);

        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(passed).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void rocketMQsSignatureCheckRefusesOurRequestSignedWithAnotherSecret(SerializeType type) throws Exception {
        AtomicInteger passed = new AtomicInteger();
        String addr = rocketMQServerCheckingSignatures(passed);
        NettyRemotingClient client = ourClient(new SigningRPCHook("rocketmq2", "87654321"));

        RemotingCommand response = client.invokeSync(addr, ourRequest(CODE, type, Body.ONE_BYTE.bytes()),
                TIMEOUT_MILLIS);

        assertThat(response.getCode()).isEqualTo(16);
        assertThat(passed).hasValue(0);
    }

    // ------------------------------------------------------------------------- RocketMQ's client, our server

    private String ourServer(SignatureCheckRPCHook check, AtomicInteger handled) {
        dev.remoting.netty.NettyServerConfig config = new dev.remoting.netty.NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setListenPort(0);
        NettyRemotingServer server = new NettyRemotingServer(config);
        server.registerProcessor(CODE, (ctx, request) -> {
            handled.incrementAndGet();
            return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        }, null);
        server.registerRPCHook(check);
        server.start();
        stops.add(server::shutdown);
        return "127.0.0.1:" + server.localListenPort();
    }

    private org.apache.rocketmq.remoting.netty.NettyRemotingClient theirClient(String accessKey, String secretKey) {
        InteropFixture.QuickStopRocketMQClient client = new InteropFixture.QuickStopRocketMQClient(
                new org.apache.rocketmq.remoting.netty.NettyClientConfig());
        client.registerRPCHook(new AclClientRPCHook(new SessionCredentials(accessKey, secretKey)));
        client.start();
        stops.add(0, client::shutdown);
        return client;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void rocketMQsAclClientPassesOurCheckWhenTimestampsAreNotRequired(SerializeType type) throws Exception {
        AtomicInteger handled = new AtomicInteger();
        String addr = ourServer(new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5), false, Clock.systemUTC()),
                handled);

        org.apache.rocketmq.remoting.protocol.RemotingCommand response = theirClient("rocketmq2", "12345678")
                .invokeSync(addr, theirRequest(CODE, type, Body.KIB_64.bytes()), TIMEOUT_MILLIS);

        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        assertThat(handled).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void rocketMQsAclClientIsRefusedWithAWrongSecretOrWhenTimestampsAreRequired(SerializeType type)
            throws Exception {
        AtomicInteger handled = new AtomicInteger();
        String lenient = ourServer(new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5), false,
                Clock.systemUTC()), handled);
        String strict = ourServer(new SignatureCheckRPCHook(KEYS, Duration.ofMinutes(5)), handled);

        org.apache.rocketmq.remoting.protocol.RemotingCommand wrongSecret = theirClient("rocketmq2", "1234567")
                .invokeSync(lenient, theirRequest(CODE, type, Body.ONE_BYTE.bytes()), TIMEOUT_MILLIS);
        org.apache.rocketmq.remoting.protocol.RemotingCommand noTimestamp = theirClient("rocketmq2", "12345678")
                .invokeSync(strict, theirRequest(CODE, type, Body.ONE_BYTE.bytes()), TIMEOUT_MILLIS);

        assertThat(wrongSecret.getCode()).isEqualTo(16);
        assertThat(noTimestamp.getCode()).isEqualTo(16);
        assertThat(handled).hasValue(0);
    }
}
