package dev.remoting.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.protocol.SerializeType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmokeTest {

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
    void clientCallsServerAndGetsEchoInBothSerializeTypes() throws Exception {
        server = new NettyRemotingServer(new NettyServerConfig());
        server.registerProcessor(1, (ctx, request) -> {
            RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
            response.setBody(request.getBody());
            return response;
        }, null);
        server.start();
        client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        String addr = "127.0.0.1:" + server.localListenPort();
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand request = RemotingCommand.createRequestCommand(1, null);
            request.setSerializeTypeCurrentRPC(type);
            request.setBody("hello".getBytes(StandardCharsets.UTF_8));
            RemotingCommand response = client.invokeSync(addr, request, 3000);
            assertThat(response.getCode()).isEqualTo(RemotingSysResponseCode.SUCCESS);
            assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(type);
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        assertThat(client.getResponseTableSize()).isZero();
    }
}
