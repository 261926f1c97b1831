package dev.remoting.spring.boot.autoconfigure.handler;

import static dev.remoting.spring.boot.autoconfigure.handler.HandlerFixtures.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.remoting.RemotingClient;
import dev.remoting.RemotingServer;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import dev.remoting.spring.boot.autoconfigure.ExecutorProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where {@link HandlerInstaller} registers a handler, and on which executor. */
class HandlerInstallerTests {

    private final RemotingExecutors executors = new RemotingExecutors(Map.of("send",
            new ExecutorProperties()));
    private final RemotingServer server = mock(RemotingServer.class);
    private final RemotingClient client = mock(RemotingClient.class);
    private final RemotingClient namedClient = mock(RemotingClient.class);

    @AfterEach
    void stopExecutors() throws InterruptedException {
        this.executors.destroy();
    }

    @Test
    void aServerHandlerGoesOnTheServerForEachCodeOnTheExecutorItNames() {
        HandlerRegistration handler = method("send");
        HandlerRegistration installed = new HandlerInstaller(this.server, List.of(this.client), this.executors)
                .install(handler);

        assertThat(installed.executorName()).isEqualTo("send");
        verify(this.server).registerProcessor(10, handler.processor(), this.executors.all().get("send"));
        verify(this.server).registerProcessor(11, handler.processor(), this.executors.all().get("send"));
        verify(this.client, never()).registerProcessor(anyInt(), any(), any());
    }

    @Test
    void aHandlerForBothSidesGoesOnTheServerAndEveryClientOnADedicatedExecutor() {
        HandlerRegistration handler = method("both");
        HandlerRegistration installed = new HandlerInstaller(this.server, List.of(this.client, this.namedClient),
                this.executors).install(handler);

        assertThat(installed.executorName()).isEqualTo("fixtures.both");
        verify(this.server).registerProcessor(20, handler.processor(), this.executors.all().get("fixtures.both"));
        verify(this.client).registerProcessor(20, handler.processor(), this.executors.all().get("fixtures.both"));
        verify(this.namedClient).registerProcessor(20, handler.processor(),
                this.executors.all().get("fixtures.both"));
    }

    @Test
    void aServerHandlerWithoutAServerFailsNamingTheHandler() {
        HandlerInstaller installer = new HandlerInstaller(null, List.of(this.client), this.executors);
        assertThatIllegalStateException().isThrownBy(() -> installer.install(method("send"))).withMessage(
                "method 'fixtures#send' handles server requests, but there is no remoting server "
                        + "(remoting.server.enabled=false, or a @Bean method that declares a type without "
                        + "@RequestCodeHandler hid the handler from the server's condition)");
    }

    @Test
    void aClientHandlerWithoutAClientFailsNamingTheHandler() {
        HandlerInstaller installer = new HandlerInstaller(this.server, List.of(), this.executors);
        assertThatIllegalStateException().isThrownBy(() -> installer.install(method("tenOnClient"))).withMessage(
                "method 'fixtures#tenOnClient' handles client requests, but there is no remoting client "
                        + "(remoting.client.enabled=false and no remoting.clients?)");
    }
}
