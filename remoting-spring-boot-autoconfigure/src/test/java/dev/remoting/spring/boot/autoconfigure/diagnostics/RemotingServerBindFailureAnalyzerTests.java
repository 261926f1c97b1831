package dev.remoting.spring.boot.autoconfigure.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** A server that cannot listen fails start-up with the port, the property and what to do, not a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class RemotingServerBindFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true", "remoting.server.bind-address=127.0.0.1");

    @Test
    void aPortInUseIsNamedWithItsPropertyAndAnotherPortIsSuggested() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            this.runner.withPropertyValues("remoting.server.port=" + port).run(context -> {
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).isEqualTo("The remoting server could not start: port " + port
                        + " (remoting.server.port) is already in use on 127.0.0.1.");
                assertThat(analysis.getAction()).isEqualTo("Stop the process that listens on port " + port
                        + ", or set remoting.server.port to another port (remoting.server.port=0 picks a free one "
                        + "and publishes it as local.remoting.server.port).");
            });
        }
    }

    @Test
    void anAddressThatIsNotThisHostsIsNamedWithItsProperty() {
        // TEST-NET-1 (RFC 5737): never assigned to a host, so binding to it fails locally, without any traffic.
        this.runner.withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=192.0.2.1")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo("The remoting server could not start: "
                            + "192.0.2.1 (remoting.server.bind-address) is not an address of this host, so it "
                            + "cannot listen on 192.0.2.1:0.");
                    assertThat(analysis.getAction()).isEqualTo("Set remoting.server.bind-address to an address of "
                            + "this host, or remove it to listen on all of them (0.0.0.0).");
                });
    }

    @Test
    void springApplicationReportsThePortInUseInsteadOfAStackTrace(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            SpringApplication application = new SpringApplication(RemotingApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            assertThatException().isThrownBy(() -> application.run("--remoting.server.enabled=true",
                    "--remoting.server.bind-address=127.0.0.1", "--remoting.server.port=" + port));
            // The analyzer is found through META-INF/spring.factories, and Boot prints its report.
            assertThat(output).contains("APPLICATION FAILED TO START")
                    .contains("The remoting server could not start: port " + port + " (remoting.server.port)")
                    .contains("Action:")
                    .contains("or set remoting.server.port to another port");
        }
    }

    private static FailureAnalysis analyze(Throwable failure) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new RemotingServerBindFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(RemotingAutoConfiguration.class)
    static class RemotingApplication {
    }
}
