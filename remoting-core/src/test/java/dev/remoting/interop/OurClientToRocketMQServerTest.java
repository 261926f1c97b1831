package dev.remoting.interop;

import static dev.remoting.interop.InteropFixture.CALLBACK;
import static dev.remoting.interop.InteropFixture.ECHO;
import static dev.remoting.interop.InteropFixture.HELLO;
import static dev.remoting.interop.InteropFixture.TIMEOUT_MILLIS;
import static dev.remoting.interop.InteropFixture.assertArrived;
import static dev.remoting.interop.InteropFixture.assertOurResponse;
import static dev.remoting.interop.InteropFixture.assertTheirResponse;
import static dev.remoting.interop.InteropFixture.awaitReceived;
import static dev.remoting.interop.InteropFixture.ourAsync;
import static dev.remoting.interop.InteropFixture.ourRequest;
import static dev.remoting.interop.InteropFixture.theirAsync;
import static dev.remoting.interop.InteropFixture.theirRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.interop.InteropFixture.Body;
import dev.remoting.interop.InteropFixture.Failure;
import dev.remoting.interop.InteropFixture.Mode;
import dev.remoting.interop.InteropFixture.OurHeader;
import dev.remoting.interop.InteropFixture.Received;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Direction B: our {@link NettyRemotingClient} calls RocketMQ 5.3.1's own {@link NettyRemotingServer}, and the
 * RocketMQ server calls back into our client over the connection our client opened.
 *
 * <p>RocketMQ answers in its process-wide default serialize type whatever the request used, so responses are only
 * checked to be in that type.
 */
class OurClientToRocketMQServerTest {

    private final BlockingQueue<Received> serverReceived = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> clientReceived = new LinkedBlockingQueue<>();
    private final AtomicReference<Channel> helloChannel = new AtomicReference<>();
    private final List<NettyRemotingClient> clients = new ArrayList<>();
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String addr;

    @BeforeEach
    void start() {
        NettyServerConfig serverConfig = new NettyServerConfig();
        serverConfig.setBindAddress("127.0.0.1");
        serverConfig.setListenPort(0);
        server = new NettyRemotingServer(serverConfig);
        InteropFixture.registerTheirProcessors(server::registerProcessor, serverReceived, helloChannel);
        server.start();
        assertThat(server.localListenPort()).isPositive();
        addr = "127.0.0.1:" + server.localListenPort();
        client = startClient(new NettyClientConfig());
    }

    private NettyRemotingClient startClient(NettyClientConfig config) {
        NettyRemotingClient started = new NettyRemotingClient(config);
        clients.add(started);
        InteropFixture.registerOurProcessors(started, clientReceived, new AtomicReference<>());
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        clients.forEach(NettyRemotingClient::shutdown);
        if (server != null) {
            server.shutdown();
        }
    }

    /** RocketMQ's responses come in the type its RemotingCommand class picked at initialisation. */
    private static void assertInRocketMQDefaultType(RemotingCommand response) {
        assertThat(response.getSerializeTypeCurrentRPC().name()).isEqualTo(
                org.apache.rocketmq.remoting.protocol.RemotingCommand.getSerializeTypeConfigInThisServer().name());
    }

    @ParameterizedTest(name = "{0} {1} body {2}")
    @MethodSource("dev.remoting.interop.InteropFixture#typeModeBody")
    void ourClientCallsRocketMQServer(SerializeType type, Mode mode, Body body) throws Exception {
        byte[] bytes = body.bytes();
        RemotingCommand request = ourRequest(ECHO, type, bytes);

        RemotingCommand response = switch (mode) {
            case SYNC -> client.invokeSync(addr, request, TIMEOUT_MILLIS);
            case ASYNC -> ourAsync(callback -> client.invokeAsync(addr, request, TIMEOUT_MILLIS, callback));
            case ONEWAY -> {
                client.invokeOneway(addr, request, TIMEOUT_MILLIS);
                yield null;
            }
        };

        assertArrived(awaitReceived(serverReceived), type, mode, bytes);
        if (response != null) {
            assertOurResponse(response, bytes);
            assertThat(response.getOpaque()).isEqualTo(request.getOpaque());
            assertInRocketMQDefaultType(response);
        }
        assertThat(client.getResponseTableSize()).isZero();
        assertThat(serverReceived).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializeType.class)
    void clientConfigSerializeTypeAppliesWhenTheCommandSetsNone(SerializeType type) throws Exception {
        NettyClientConfig config = new NettyClientConfig();
        config.setSerializeType(type);
        NettyRemotingClient configured = startClient(config);
        byte[] bytes = Body.KIB_64.bytes();
        RemotingCommand request = RemotingCommand.createRequestCommand(ECHO, OurHeader.sample());
        request.setBody(bytes);

        RemotingCommand response = configured.invokeSync(addr, request, TIMEOUT_MILLIS);

        assertArrived(awaitReceived(serverReceived), type, Mode.SYNC, bytes);
        assertOurResponse(response, bytes);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.remoting.interop.InteropFixture#typeFailure")
    void rocketMQServerRefusalsReachOurClient(SerializeType type, Failure failure) throws Exception {
        RemotingCommand response = client.invokeSync(addr, ourRequest(failure.requestCode, type,
                Body.ONE_BYTE.bytes()), TIMEOUT_MILLIS);

        assertThat(response.isResponseType()).isTrue();
        assertThat(response.getCode()).isEqualTo(failure.responseCode);
        failure.assertRemark(response.getRemark());
        assertInRocketMQDefaultType(response);
        assertThat(serverReceived).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.remoting.interop.InteropFixture#typeMode")
    void rocketMQServerCallsOurClientOnItsConnection(SerializeType type, Mode mode) throws Exception {
        RemotingCommand hello = client.invokeSync(addr, ourRequest(HELLO, type, null), TIMEOUT_MILLIS);
        assertThat(hello.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        Channel channel = helloChannel.get();
        assertThat(channel).isNotNull();
        byte[] bytes = Body.KIB_64.bytes();
        org.apache.rocketmq.remoting.protocol.RemotingCommand request = theirRequest(CALLBACK, type, bytes);

        org.apache.rocketmq.remoting.protocol.RemotingCommand response = switch (mode) {
            case SYNC -> server.invokeSync(channel, request, TIMEOUT_MILLIS);
            case ASYNC -> theirAsync(callback -> server.invokeAsync(channel, request, TIMEOUT_MILLIS, callback));
            case ONEWAY -> {
                server.invokeOneway(channel, request, TIMEOUT_MILLIS);
                yield null;
            }
        };

        assertArrived(awaitReceived(clientReceived), type, mode, bytes);
        if (response != null) {
            assertTheirResponse(response, bytes);
            assertThat(response.getOpaque()).isEqualTo(request.getOpaque());
            assertThat(response.getSerializeTypeCurrentRPC().name())
                    .as("our client answers in the request's serialize type").isEqualTo(type.name());
        }
        assertThat(client.getConnectionCount()).as("the call came over our client's own connection").isEqualTo(1);
        assertThat(clientReceived).isEmpty();
    }
}
