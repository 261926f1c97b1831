package dev.remoting.netty;

import dev.remoting.exception.RemotingServerBindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;


/**
 * A server that cannot listen says where it tried and why, in a type of its own, and leaves no threads behind.
 */
class ServerBindTest {

    private final ServerClientFixture fixture = new ServerClientFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aPortInUseFailsStartWithTheAddressAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NettyServerConfig config = ServerClientFixture.serverConfig();
            config.setListenPort(taken.getLocalPort());

            RemotingServerBindException failure = catchThrowableOfType(RemotingServerBindException.class,
                    () -> fixture.server(config, s -> {
                    }));

            assertThat(failure.getBindAddress()).isEqualTo("127.0.0.1");
            assertThat(failure.getPort()).isEqualTo(taken.getLocalPort());
            assertThat(failure.isPortInUse()).isTrue();
            assertThat(failure.isAddressUnavailable()).isFalse();
            assertThat(failure).hasMessageStartingWith("cannot bind 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void anAddressThatIsNotThisHostsFailsStartAsUnavailable() {
        NettyServerConfig config = ServerClientFixture.serverConfig();
        // TEST-NET-1 (RFC 5737): never assigned to a host, so binding to it fails locally, without any traffic.
        config.setBindAddress("192.0.2.1");

        RemotingServerBindException failure = catchThrowableOfType(RemotingServerBindException.class,
                () -> fixture.server(config, s -> {
                }));

        assertThat(failure.getBindAddress()).isEqualTo("192.0.2.1");
        assertThat(failure.getPort()).isZero();
        assertThat(failure.isAddressUnavailable()).isTrue();
        assertThat(failure.isPortInUse()).isFalse();
    }
}
