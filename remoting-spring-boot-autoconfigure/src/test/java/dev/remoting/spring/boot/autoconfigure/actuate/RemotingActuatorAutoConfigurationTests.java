package dev.remoting.spring.boot.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.actuate.RemotingActuatorEndpoint.RemotingDescriptor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator and endpoint exist when Actuator is present, and describe the running server. */
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
}
