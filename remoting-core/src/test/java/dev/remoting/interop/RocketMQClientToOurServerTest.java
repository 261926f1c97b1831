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
import dev.remoting.interop.InteropFixture.Received;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import io.netty.channel.Channel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Direction A: RocketMQ 5.3.1's own {@link NettyRemotingClient} calls our {@link NettyRemotingServer}, and our
 * server calls back into the RocketMQ client over the connection the client opened.
 */
class RocketMQClientToOurServerTest {

    private final BlockingQueue<Received> serverReceived = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> clientReceived = new LinkedBlockingQueue<>();
    private final AtomicReference<Channel> helloChannel = new AtomicReference<>();
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String addr;

    @BeforeEach
    void start() {
        NettyServerConfig serverConfig = new NettyServerConfig();
        serverConfig.setBindAddress("127.0.0.1");
        serverConfig.setListenPort(0);
        server = new NettyRemotingServer(serverConfig);
        InteropFixture.registerOurProcessors(server, serverReceived, helloChannel);
        server.start();
        addr = "127.0.0.1:" + server.localListenPort();

        client = new InteropFixture.QuickStopRocketMQClient(new NettyClientConfig());
        InteropFixture.registerTheirProcessors(client::registerProcessor, clientReceived, new AtomicReference<>());
        client.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    @ParameterizedTest(name = "{0} {1} body {2}")
    @MethodSource("dev.remoting.interop.InteropFixture#typeModeBody")
    void rocketMQClientCallsOurServer(SerializeType type, Mode mode, Body body) throws Exception {
        byte[] bytes = body.bytes();
        org.apache.rocketmq.remoting.protocol.RemotingCommand request = theirRequest(ECHO, type, bytes);

        org.apache.rocketmq.remoting.protocol.RemotingCommand response = switch (mode) {
            case SYNC -> client.invokeSync(addr, request, TIMEOUT_MILLIS);
            case ASYNC -> theirAsync(callback -> client.invokeAsync(addr, request, TIMEOUT_MILLIS, callback));
            case ONEWAY -> {
                client.invokeOneway(addr, request, TIMEOUT_MILLIS);
                yield null;
            }
        };

        assertArrived(awaitReceived(serverReceived), type, mode, bytes);
        if (response != null) {
            assertTheirResponse(response, bytes);
            assertThat(response.getOpaque()).isEqualTo(request.getOpaque());
            assertThat(response.getSerializeTypeCurrentRPC().name())
                    .as("our server answers in the request's serialize type").isEqualTo(type.name());
        }
        assertThat(serverReceived).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.remoting.interop.InteropFixture#typeFailure")
    void ourServerRefusalsReachRocketMQClient(SerializeType type, Failure failure) throws Exception {
        org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                client.invokeSync(addr, theirRequest(failure.requestCode, type, Body.ONE_BYTE.bytes()),
                        TIMEOUT_MILLIS);

        assertThat(response.isResponseType()).isTrue();
        assertThat(response.getCode()).isEqualTo(failure.responseCode);
        failure.assertRemark(response.getRemark());
        assertThat(response.getSerializeTypeCurrentRPC().name()).isEqualTo(type.name());
        assertThat(serverReceived).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.remoting.interop.InteropFixture#typeMode")
    void ourServerCallsRocketMQClientOnItsConnection(SerializeType type, Mode mode) throws Exception {
        org.apache.rocketmq.remoting.protocol.RemotingCommand hello =
                client.invokeSync(addr, theirRequest(HELLO, type, null), TIMEOUT_MILLIS);
        assertThat(hello.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
        Channel channel = helloChannel.get();
        assertThat(channel).isNotNull();
        byte[] bytes = Body.KIB_64.bytes();
        RemotingCommand request = ourRequest(CALLBACK, type, bytes);

        RemotingCommand response = switch (mode) {
            case SYNC -> server.invokeSync(channel, request, TIMEOUT_MILLIS);
            case ASYNC -> ourAsync(callback -> server.invokeAsync(channel, request, TIMEOUT_MILLIS, callback));
            case ONEWAY -> {
                server.invokeOneway(channel, request, TIMEOUT_MILLIS);
                yield null;
            }
        };

        assertArrived(awaitReceived(clientReceived), type, mode, bytes);
        if (response != null) {
            assertOurResponse(response, bytes);
            assertThat(response.getOpaque()).isEqualTo(request.getOpaque());
        }
        assertThat(server.getConnectionCount()).as("the call went over the client's own connection").isEqualTo(1);
        assertThat(server.getResponseTableSize()).isZero();
        assertThat(clientReceived).isEmpty();
    }
}
