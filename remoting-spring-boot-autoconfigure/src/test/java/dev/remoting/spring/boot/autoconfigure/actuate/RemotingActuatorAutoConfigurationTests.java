package dev.remoting.spring.boot.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.actuate.RemotingActuatorEndpoint.ClientDescriptor;
import dev.remoting.spring.boot.autoconfigure.actuate.RemotingActuatorEndpoint.ConnectionDescriptor;
import dev.remoting.spring.boot.autoconfigure.actuate.RemotingActuatorEndpoint.RemotingDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The health indicator and endpoint exist when Actuator is present, and describe the running server and clients.
 */
class RemotingActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class,
                    RemotingActuatorAutoConfiguration.class))
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.executors.send.threads=1", "remoting.client.name-servers=127.0.0.1:9876");

    @Test
    void healthIndicatorIsPresentAndEndpointOnlyWhenExposed() {
        this.runner.run(context -> assertThat(context).hasSingleBean(RemotingHealthIndicator.class)
                .doesNotHaveBean(RemotingActuatorEndpoint.class));
    }

    @Test
    void endpointIsPresentWhenExposed() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting")
                .run(context -> assertThat(context).hasSingleBean(RemotingActuatorEndpoint.class));
    }

    @Test
    void endpointCanBeTurnedOff() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting",
                "management.endpoint.remoting.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(RemotingActuatorEndpoint.class));
    }

    @Test
    void healthIndicatorCanBeTurnedOff() {
        this.runner.withPropertyValues("management.health.remoting.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RemotingHealthIndicator.class));
    }

    @Test
    void backsOffWithoutActuator() {
        this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withPropertyValues("management.endpoints.web.exposure.include=remoting")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RemotingHealthIndicator.class)
                        .doesNotHaveBean(RemotingActuatorEndpoint.class));
    }

    @Test
    void healthIsUpWithThePortWhileServingAndDownOnceStopped() {
        this.runner.run(context -> {
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            RemotingHealthIndicator indicator = context.getBean(RemotingHealthIndicator.class);
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails().get("server")).hasFieldOrPropertyWithValue("port", server.localListenPort());
            assertThat(up.getDetails().get("client")).hasFieldOrPropertyWithValue("connections", 0);
            server.shutdown();
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("server", "not listening");
        });
    }

    @Test
    void healthWithoutAServerReportsTheClient() {
        this.runner.withPropertyValues("remoting.server.enabled=false").run(context -> {
            Health health = context.getBean(RemotingHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).doesNotContainKey("server").containsKey("client");
        });
    }

    @Test
    void endpointDescribesServerExecutorsAndClient() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting").run(context -> {
            RemotingDescriptor descriptor = context.getBean(RemotingActuatorEndpoint.class).remoting();
            assertThat(descriptor.server().port())
                    .isEqualTo(context.getBean(NettyRemotingServer.class).localListenPort());
            assertThat(descriptor.server().state()).isEqualTo("SERVING");
            assertThat(descriptor.server().permits().async()).isEqualTo(64);
            assertThat(descriptor.executors()).containsKeys("send", "remoting.server.public",
                    "remoting.client.public");
            assertThat(descriptor.executors().get("send").rejected()).isZero();
            assertThat(descriptor.client().nameServers()).containsExactly("127.0.0.1:9876");
            assertThat(descriptor.client().channels()).isEmpty();
        });
    }

    @Test
    void endpointAndHealthDescribeNamedClientsLikeTheDefaultOne() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting",
                "remoting.clients.audit.name-servers=10.0.0.1:9876", "remoting.clients.audit.async-permits=3",
                "remoting.clients.billing.oneway-permits=4").run(context -> {
                    NettyRemotingClient audit = context.getBean(RemotingClients.class).get("audit");
                    String addr = "127.0.0.1:" + context.getBean(NettyRemotingServer.class).localListenPort();
                    audit.invokeSync(addr, RemotingCommand.createRequestCommand(4242, null), 3000);

                    RemotingDescriptor descriptor = context.getBean(RemotingActuatorEndpoint.class).remoting();
                    assertThat(descriptor.client()).isNotNull();
                    assertThat(descriptor.clients()).containsOnlyKeys("audit", "billing");
                    ClientDescriptor auditDescriptor = descriptor.clients().get("audit");
                    assertThat(auditDescriptor.nameServers()).containsExactly("10.0.0.1:9876");
                    assertThat(auditDescriptor.permits().async()).isEqualTo(3);
                    assertThat(auditDescriptor.channels()).extracting(ConnectionDescriptor::remoteAddress)
                            .containsExactly(addr);
                    assertThat(descriptor.clients().get("billing").permits().oneway()).isEqualTo(4);
                    assertThat(descriptor.clients().get("billing").channels()).isEmpty();
                    assertThat(descriptor.executors()).containsKeys("remoting.client.public",
                            "remoting.clients.audit.public", "remoting.clients.billing.public");
                    // In JSON, a named client's entry has the fields of the default client's.
                    JsonNode json = new ObjectMapper().valueToTree(descriptor);
                    List<String> defaultFields = new ArrayList<>();
                    json.path("client").fieldNames().forEachRemaining(defaultFields::add);
                    assertThat(json.path("clients").path("audit").fieldNames()).toIterable()
                            .containsExactlyElementsOf(defaultFields);
                    assertThat(json.path("clients").path("audit").path("permits").path("async").asInt()).isEqualTo(3);

                    Health health = context.getBean(RemotingHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsKeys("server", "client", "clients");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> clients = (Map<String, Object>) health.getDetails().get("clients");
                    assertThat(clients).containsOnlyKeys("audit", "billing");
                    assertThat(clients.get("audit")).hasFieldOrPropertyWithValue("connections", 1)
                            .hasFieldOrPropertyWithValue("nameServers", List.of("10.0.0.1:9876"));
                    assertThat(clients.get("billing")).hasFieldOrPropertyWithValue("connections", 0);
                });
    }

    @Test
    void healthLeavesNamedClientsOutWhenThereAreNone() {
        this.runner.run(context -> assertThat(context.getBean(RemotingHealthIndicator.class).health().getDetails())
                .doesNotContainKey("clients"));
    }
}
