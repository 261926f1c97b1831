package dev.remoting.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remoting.InProcessAddress;
import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.annotation.ImportRemotingClients;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint.RemotingDescriptor;
import dev.remoting.spring.boot.autoconfigure.health.RemotingHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole application under {@link AutoConfigureInProcessRemoting}: a declarative client and the default client
 * call the auto-configured server's handler in-process, and metrics, health and the endpoint see it as they would
 * over TCP, while the configured port stays closed.
 */
@SpringBootTest(properties = {"management.endpoints.web.exposure.include=remoting",
    "remoting.server.shutdown-grace-period=0s"})
@AutoConfigureInProcessRemoting
class AutoConfigureInProcessRemotingTests {

    /** A free port that the server would bind to over TCP; it must still be free while the context runs. */
    private static final int PORT = freePort();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ImportRemotingClients(GreetingApi.class)
    @Import(GreetingHandler.class)
    static class Application {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("remoting.server.port", () -> PORT);
    }

    @Autowired
    private GreetingApi greetings;

    @Autowired
    private RemotingClient client;

    @Autowired
    private RemotingServer server;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private RemotingEndpoint endpoint;

    @Autowired
    private RemotingHealthIndicator health;

    @Autowired
    private Environment environment;

    @Value("${local.remoting.server.address}")
    private String address;

    @Test
    void aDeclarativeClientCallsTheHandlerInProcess() {
        assertThat(this.greetings.greet("in-process")).isEqualTo("hello in-process");
    }

    @Test
    void theDefaultClientReachesTheServerThroughItsNameServer() throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(GreetingApi.GREET, null);
        // Bodies are JSON, as the declarative client's codec writes them.
        request.setBody("\"client\"".getBytes(StandardCharsets.UTF_8));

        RemotingCommand response = this.client.invokeSync(null, request, 3000);

        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("\"hello client\"");
        assertThat(this.client.getNameServerAddressList()).containsExactly(this.address);
        assertThat(this.client.getChannels()).containsOnlyKeys(this.address);
    }

    @Test
    void theServerIsBoundInProcessAndOpensNoPort() throws IOException {
        assertThat(this.address).startsWith(InProcessAddress.SCHEME);
        assertThat(this.server.inProcessAddress()).isEqualTo(this.address);
        assertThat(this.server.localListenPort()).isEqualTo(-1);
        assertThat(this.environment.containsProperty("local.remoting.server.port")).isFalse();
        new ServerSocket(PORT, 1, InetAddress.getLoopbackAddress()).close();
    }

    @Test
    void serverMetricsHealthAndTheEndpointSeeTheCall() {
        this.greetings.greet("observed");

        // The server records a request once its response is written, which may be after the caller has it.
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> assertThat(this.meters
                .get("remoting.server.requests").tag("code", String.valueOf(GreetingApi.GREET)).timer().count())
                .isPositive());
        assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
        RemotingDescriptor descriptor = this.endpoint.remoting();
        assertThat(descriptor.server().state()).isEqualTo("SERVING");
        assertThat(descriptor.server().processors()).containsKey(GreetingApi.GREET);
        assertThat(descriptor.server().connections()).singleElement()
                .satisfies(connection -> assertThat(connection.remoteAddress()).startsWith(InProcessAddress.SCHEME));
        assertThat(descriptor.client().channels()).singleElement()
                .satisfies(channel -> assertThat(channel.remoteAddress()).isEqualTo(this.address));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
