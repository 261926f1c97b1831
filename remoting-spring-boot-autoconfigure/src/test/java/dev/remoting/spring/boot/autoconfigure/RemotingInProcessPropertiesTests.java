package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code remoting.server.in-process-name} binds the server in-process instead of to a port, and clients given
 * {@code local:<name>} as a name server reach it there.
 */
class RemotingInProcessPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            // No handlers here: the server is asked for, as an application with none would have to.
            .withPropertyValues("remoting.server.enabled=true", "remoting.server.shutdown-grace-period=0s");

    @Test
    void aServerBoundInProcessPublishesItsAddressInsteadOfAPort() {
        this.runner.withPropertyValues("remoting.server.in-process-name=props-test-server").run(context -> {
            assertThat(context).hasNotFailed();
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            assertThat(server.getConfig().getInProcessName()).isEqualTo("props-test-server");
            assertThat(server.localListenPort()).isEqualTo(-1);
            assertThat(server.inProcessAddress()).isEqualTo("local:props-test-server");
            assertThat(context.getEnvironment().getProperty("local.remoting.server.address"))
                    .isEqualTo("local:props-test-server");
            assertThat(context.getEnvironment().containsProperty("local.remoting.server.port")).isFalse();
        });
    }

    @Test
    void theDefaultAndNamedClientsReachTheServerThroughInProcessNameServers() {
        this.runner.withPropertyValues("remoting.server.in-process-name=props-test-clients",
                "remoting.client.name-servers=local:props-test-clients",
                "remoting.clients.audit.name-servers=local:props-test-clients").run(context -> {
                    assertThat(context).hasNotFailed();
                    RemotingCommand request = RemotingCommand.createRequestCommand(4242, null);
                    assertThat(context.getBean(NettyRemotingClient.class).invokeSync(null, request, 3000).getCode())
                            .isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
                    NettyRemotingClient audit = context.getBean(RemotingClients.class).get("audit");
                    assertThat(audit.invokeSync(null, RemotingCommand.createRequestCommand(4242, null), 3000)
                            .getCode()).isEqualTo(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED);
                    assertThat(audit.getConnectedAddresses()).containsExactly("local:props-test-clients");
                    assertThat(context.getBean(NettyRemotingServer.class).getConnectionCount()).isEqualTo(2);
                });
    }
}
