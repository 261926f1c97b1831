package dev.remoting.spring.boot.autoconfigure.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint.ClientDescriptor;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint.ConnectionDescriptor;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint.ExecutorDescriptor;
import dev.remoting.spring.boot.autoconfigure.actuate.endpoint.RemotingEndpoint.RemotingDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The endpoint exists when Actuator is present and it is exposed, and describes the running server and clients. */
class RemotingEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class,
                    RemotingEndpointAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.executors.send.threads=1", "remoting.client.name-servers=127.0.0.1:9876");

    @Test
    void endpointIsAbsentUntilExposed() {
        this.runner.run(context -> assertThat(context).doesNotHaveBean(RemotingEndpoint.class));
    }

    @Test
    void endpointIsPresentWhenExposed() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting")
                .run(context -> assertThat(context).hasSingleBean(RemotingEndpoint.class));
    }

    @Test
    void endpointCanBeTurnedOff() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting",
                "management.endpoint.remoting.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(RemotingEndpoint.class));
    }

    @Test
    void backsOffWithoutActuatorAutoConfiguration() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .withPropertyValues("management.endpoints.web.exposure.include=remoting")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RemotingEndpoint.class));
    }

    @Test
    void endpointDescribesServerExecutorsAndClient() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting").run(context -> {
            RemotingDescriptor descriptor = context.getBean(RemotingEndpoint.class).remoting();
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
    void everyExecutorShowsItsConfiguredAndCurrentSizeAndCountsRejections() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting",
                "remoting.executors.send.queue-capacity=7").run(context -> {
                    ThreadPoolExecutor serverPublic = (ThreadPoolExecutor) context.getBean(NettyRemotingServer.class)
                            .getPublicExecutor();
                    // What the pool does when its queue is full, called directly: the count is the endpoint's.
                    assertThatThrownBy(() -> serverPublic.getRejectedExecutionHandler()
                            .rejectedExecution(() -> { }, serverPublic)).isInstanceOf(RejectedExecutionException.class);

                    Map<String, ExecutorDescriptor> executors = context.getBean(RemotingEndpoint.class).remoting()
                            .executors();
                    ExecutorDescriptor send = executors.get("send");
                    assertThat(send.corePoolSize()).isOne();
                    assertThat(send.maxPoolSize()).isOne();
                    assertThat(send.poolSize()).isBetween(0, 1);
                    assertThat(send.queued()).isZero();
                    assertThat(send.queueCapacity()).isEqualTo(7);
                    assertThat(send.rejected()).isZero();
                    ExecutorDescriptor publicExecutor = executors.get("remoting.server.public");
                    assertThat(publicExecutor.corePoolSize()).isEqualTo(serverPublic.getCorePoolSize());
                    assertThat(publicExecutor.rejected()).isOne();
                    assertThat(executors.get("remoting.client.public").rejected()).isZero();
                });
    }

    @Test
    void endpointDescribesNamedClientsLikeTheDefaultOne() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=remoting",
                "remoting.clients.audit.name-servers=10.0.0.1:9876", "remoting.clients.audit.async-permits=3",
                "remoting.clients.billing.oneway-permits=4").run(context -> {
                    NettyRemotingClient audit = context.getBean(RemotingClients.class).get("audit");
                    String addr = "127.0.0.1:" + context.getBean(NettyRemotingServer.class).localListenPort();
                    audit.invokeSync(addr, RemotingCommand.createRequestCommand(4242, null), 3000);

                    RemotingDescriptor descriptor = context.getBean(RemotingEndpoint.class).remoting();
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
                    JsonNode json = JsonMapper.shared().valueToTree(descriptor);
                    List<String> defaultFields = new ArrayList<>(json.path("client").propertyNames());
                    assertThat(json.path("clients").path("audit").propertyNames())
                            .containsExactlyElementsOf(defaultFields);
                    assertThat(json.path("clients").path("audit").path("permits").path("async").asInt()).isEqualTo(3);

                });
    }

}
