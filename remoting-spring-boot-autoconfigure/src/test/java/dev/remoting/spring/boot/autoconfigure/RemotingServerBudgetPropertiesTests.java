package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code inbound-budget}, {@code max-in-flight-requests}, {@code max-pending-outbound} and
 * {@code public-executor-queue-capacity} reach the server's config, and a value it cannot use fails start-up naming
 * the property.
 */
class RemotingServerBudgetPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1");

    @Test
    void unsetValuesKeepTheCoresDefaults() {
        this.runner.run(context -> {
            NettyServerConfig config = context.getBean(NettyRemotingServer.class).getConfig();
            NettyServerConfig core = new NettyServerConfig();
            assertThat(config.getInboundBudgetBytes()).isEqualTo(core.getInboundBudgetBytes());
            assertThat(config.getMaxInFlightRequestsPerConnection())
                    .isEqualTo(core.getMaxInFlightRequestsPerConnection());
            assertThat(config.getMaxPendingOutboundBytes()).isEqualTo(core.getMaxPendingOutboundBytes());
            assertThat(config.getPublicExecutorQueueCapacity()).isEqualTo(core.getPublicExecutorQueueCapacity());
        });
    }

    @Test
    void setValuesAreApplied() {
        this.runner.withPropertyValues("remoting.server.inbound-budget=64MB",
                "remoting.server.max-in-flight-requests=100", "remoting.server.max-pending-outbound=8MB",
                "remoting.server.public-executor-queue-capacity=500").run(context -> {
                    NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
                    NettyServerConfig config = server.getConfig();
                    assertThat(config.getInboundBudgetBytes()).isEqualTo(64L * 1024 * 1024);
                    assertThat(server.getInboundBudget()).isEqualTo(64L * 1024 * 1024);
                    assertThat(config.getMaxInFlightRequestsPerConnection()).isEqualTo(100);
                    assertThat(config.getMaxPendingOutboundBytes()).isEqualTo(8L * 1024 * 1024);
                    assertThat(config.getPublicExecutorQueueCapacity()).isEqualTo(500);
                    assertThat(((ThreadPoolExecutor) server.getPublicExecutor()).getQueue().remainingCapacity())
                            .isEqualTo(500);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            remoting.server.inbound-budget=-1B                 | remoting.server.inbound-budget
            remoting.server.inbound-budget=1MB                 | remoting.server.inbound-budget
            remoting.server.max-in-flight-requests=0           | remoting.server.max-in-flight-requests
            remoting.server.max-pending-outbound=-1B           | remoting.server.max-pending-outbound
            remoting.server.public-executor-queue-capacity=0   | remoting.server.public-executor-queue-capacity
            """)
    void anUnusableValueFailsNamingTheProperty(String assignment, String property) {
        this.runner.withPropertyValues(assignment).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(property);
        });
    }

    @Test
    void aBudgetOfOneFrameIsAcceptedWhenTheFrameLimitIsLowered() {
        this.runner.withPropertyValues("remoting.server.inbound-budget=1MB", "remoting.server.max-frame-length=1MB")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
