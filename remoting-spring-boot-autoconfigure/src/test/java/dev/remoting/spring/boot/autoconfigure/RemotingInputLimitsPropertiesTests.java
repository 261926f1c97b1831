package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code frame-timeout}, {@code handshake-timeout}, {@code max-header-length} and {@code max-ext-fields} reach the
 * core's configs, and a value that cannot work fails start-up naming the property.
 */
class RemotingInputLimitsPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true",
                    "remoting.server.port=0", "remoting.server.bind-address=127.0.0.1");

    @Test
    void unsetValuesKeepTheCoresDefaults() {
        this.runner.run(context -> {
            NettyServerConfig server = context.getBean(NettyRemotingServer.class).getConfig();
            NettyServerConfig core = new NettyServerConfig();
            assertThat(server.getFrameTimeoutMillis()).isEqualTo(core.getFrameTimeoutMillis());
            assertThat(server.getHandshakeTimeoutMillis()).isEqualTo(core.getHandshakeTimeoutMillis());
            assertThat(server.getMaxHeaderLength()).isEqualTo(core.getMaxHeaderLength());
            assertThat(server.getMaxExtFields()).isEqualTo(core.getMaxExtFields());
        });
    }

    @Test
    void setValuesReachTheServerAndTheClient() {
        this.runner.withPropertyValues("remoting.server.frame-timeout=1500ms", "remoting.server.handshake-timeout=2s",
                "remoting.server.max-header-length=32KB", "remoting.server.max-ext-fields=64",
                "remoting.client.frame-timeout=0s", "remoting.client.max-header-length=1MB",
                "remoting.client.max-ext-fields=2000").run(context -> {
                    NettyServerConfig server = context.getBean(NettyRemotingServer.class).getConfig();
                    assertThat(server.getFrameTimeoutMillis()).isEqualTo(1500);
                    assertThat(server.getHandshakeTimeoutMillis()).isEqualTo(2000);
                    assertThat(server.getMaxHeaderLength()).isEqualTo(32 * 1024);
                    assertThat(server.getMaxExtFields()).isEqualTo(64);
                    NettyClientConfig client = NettyConfigMapper.client(
                            context.getBean(RemotingProperties.class).getClient());
                    assertThat(client.getFrameTimeoutMillis()).isZero();
                    assertThat(client.getMaxHeaderLength()).isEqualTo(1024 * 1024);
                    assertThat(client.getMaxExtFields()).isEqualTo(2000);
                });
    }

    @Test
    void aBudgetUnderAMillisecondIsRoundedUpRatherThanTurnedOff() {
        this.runner.withPropertyValues("remoting.server.frame-timeout=10us").run(context -> assertThat(
                context.getBean(NettyRemotingServer.class).getConfig().getFrameTimeoutMillis()).isEqualTo(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            remoting.server.frame-timeout=-1s         | remoting.server.frame-timeout
            remoting.server.frame-timeout=30d         | remoting.server.frame-timeout
            remoting.server.handshake-timeout=-1ms    | remoting.server.handshake-timeout
            remoting.server.max-header-length=10B     | remoting.server.max-header-length
            remoting.server.max-header-length=3GB     | remoting.server.max-header-length
            remoting.server.max-ext-fields=0          | remoting.server.max-ext-fields
            remoting.client.frame-timeout=-5s         | remoting.client.frame-timeout
            remoting.client.max-header-length=1B      | remoting.client.max-header-length
            remoting.client.max-ext-fields=-1         | remoting.client.max-ext-fields
            remoting.clients.audit.max-ext-fields=0   | remoting.clients.audit.max-ext-fields
            """)
    void anInvalidValueFailsStartUpNamingTheProperty(String assignment, String property) {
        this.runner.withPropertyValues(assignment).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(property);
        });
    }

    @Test
    void zeroTurnsTheBudgetsOff() {
        this.runner.withPropertyValues("remoting.server.frame-timeout=0s", "remoting.server.handshake-timeout=0s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NettyServerConfig server = context.getBean(NettyRemotingServer.class).getConfig();
                    assertThat(server.getFrameTimeoutMillis()).isZero();
                    assertThat(server.getHandshakeTimeoutMillis()).isZero();
                });
    }

    /** Every message in the cause chain, one per line. */
    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return String.join("\n", messages);
    }
}
