package dev.remoting.spring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator exists with spring-boot-health, and describes the running server and clients. */
class RemotingHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class,
                    RemotingHealthContributorAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.client.name-servers=127.0.0.1:9876");

    @Test
    void healthIndicatorIsPresentByDefault() {
        this.runner.run(context -> assertThat(context).hasSingleBean(RemotingHealthIndicator.class));
    }

    @Test
    void healthIndicatorCanBeTurnedOff() {
        this.runner.withPropertyValues("management.health.remoting.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RemotingHealthIndicator.class));
    }

    @Test
    void backsOffWithoutSpringBootHealth() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RemotingHealthIndicator.class)
                        .hasSingleBean(NettyRemotingServer.class));
    }

    @Test
    void aHealthIndicatorOfTheApplicationReplacesOursWhateverItsName() {
        StaticListableBeanFactory nothing = new StaticListableBeanFactory();
        this.runner.withBean("ownRemotingHealth", RemotingHealthIndicator.class, () -> new RemotingHealthIndicator(
                nothing.getBeanProvider(RemotingServer.class), nothing.getBeanProvider(RemotingClient.class),
                nothing.getBeanProvider(RemotingClients.class)))
                .run(context -> assertThat(context).hasSingleBean(RemotingHealthIndicator.class)
                        .hasBean("ownRemotingHealth").doesNotHaveBean("remotingHealthIndicator"));
    }

    @Test
    void theDetailRecordsAreRegisteredForJsonBindingAheadOfTime() {
        RuntimeHints hints = new RuntimeHints();
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, RemotingHealthIndicator.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RemotingHealthIndicator.ServerHealth.class,
                "pendingCalls")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RemotingHealthIndicator.ClientHealth.class,
                "nameServers")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                RemotingHealthIndicator.InProcessServerHealth.class, "address")).accepts(hints);
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
    void healthIsUpWithTheAddressOfAServerBoundInProcess() {
        this.runner.withPropertyValues("remoting.server.in-process-name=health-test").run(context -> {
            Health up = context.getBean(RemotingHealthIndicator.class).health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails().get("server")).hasFieldOrPropertyWithValue("address", "local:health-test");
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
    void healthDescribesNamedClientsLikeTheDefaultOne() {
        this.runner.withPropertyValues("remoting.clients.audit.name-servers=10.0.0.1:9876",
                "remoting.clients.billing.oneway-permits=4").run(context -> {
                    NettyRemotingClient audit = context.getBean(RemotingClients.class).get("audit");
                    String addr = "127.0.0.1:" + context.getBean(NettyRemotingServer.class).localListenPort();
                    audit.invokeSync(addr, RemotingCommand.createRequestCommand(4242, null), 3000);

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
