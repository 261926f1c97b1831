package dev.remoting.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.annotation.RequestCodeHandler;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/** The bound port of a server started on port 0, injected into a test and called over TCP. */
@SpringBootTest(classes = LocalRemotingServerPortTests.ServerApp.class,
        properties = {"remoting.server.port=0", "remoting.server.bind-address=127.0.0.1"})
class LocalRemotingServerPortTests {

    @LocalRemotingServerPort
    private int port;

    @Autowired
    private RemotingServer server;

    @Autowired
    private RemotingClient client;

    @Test
    void theFieldGetsTheBoundPortWhichAnswers() throws Exception {
        assertThat(port).isPositive().isEqualTo(server.localListenPort());

        RemotingCommand response = client.invokeSync("127.0.0.1:" + port, RemotingCommand.createRequestCommand(77,
                null), 3000);

        assertThat(response.getCode()).isZero();
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("pong");
    }

    @Test
    void aTestMethodParameterGetsItToo(@LocalRemotingServerPort int parameter) {
        assertThat(parameter).isEqualTo(server.localListenPort());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Ping.class)
    static class ServerApp {
    }

    @Component
    static class Ping {

        @RequestCodeHandler(code = 77)
        byte[] ping() {
            return "pong".getBytes(StandardCharsets.UTF_8);
        }
    }
}
