package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code max-connections}, {@code expose-error-details} and {@code proxy-protocol} reach the server's config. */
class RemotingServerHardeningPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1");

    @Test
    void defaults() {
        this.runner.run(context -> {
            NettyServerConfig config = context.getBean(NettyRemotingServer.class).getConfig();
            assertThat(config.getMaxConnections()).isZero();
            assertThat(config.isExposeErrorDetails()).isFalse();
            assertThat(config.isProxyProtocolEnabled()).isTrue();
        });
    }

    @Test
    void setValuesAreApplied() {
        this.runner.withPropertyValues("remoting.server.max-connections=100",
                "remoting.server.expose-error-details=true", "remoting.server.proxy-protocol=false").run(context -> {
                    NettyServerConfig config = context.getBean(NettyRemotingServer.class).getConfig();
                    assertThat(config.getMaxConnections()).isEqualTo(100);
                    assertThat(config.isExposeErrorDetails()).isTrue();
                    assertThat(config.isProxyProtocolEnabled()).isFalse();
                });
    }

    @Test
    void aNegativeLimitFailsNamingTheProperty() {
        this.runner.withPropertyValues("remoting.server.max-connections=-1").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("remoting.server.max-connections");
        });
    }
}
