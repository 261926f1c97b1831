package dev.remoting.spring.boot.autoconfigure.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.annotation.RequestCodeHandler.Side;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.Future;
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
import org.springframework.context.annotation.Import;

/**
 * Each way a {@link RequestCodeHandler} can be wired wrong fails start-up with the handler, the code, executor or
 * property at issue, and what to change.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandlerWiringFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.executors.send.threads=1");

    @Test
    void twoHandlersForOneCodeAreBothNamedAndOneIsToBeRenumbered() {
        this.runner.withBean("first", First.class).withBean("second", Second.class).run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("A @RequestCodeHandler could not be registered:")
                    .contains("Request code 10 on the server has two handlers: ")
                    .contains("method 'first#ten'").contains("method 'second#alsoTen'");
            assertThat(analysis.getAction()).isEqualTo("Give one of the two handlers another code in "
                    + "@RequestCodeHandler(code = ...), or remove one of them. Handlers on different sides "
                    + "(side = SERVER, CLIENT) may share a code.");
        });
    }

    @Test
    void anUnsupportedParameterIsNamedWithItsMethodAndTheSupportedOnesAreListed() {
        this.runner.withBean("bad", UnsupportedParameter.class).run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith(String.format("A @RequestCodeHandler could not be "
                    + "registered:%n%n    Parameter 0 of method 'bad#handle' has type java.lang.String; "));
            assertThat(analysis.getAction()).isEqualTo("Declare only parameters resolved from the request: "
                    + "RemotingCommand, a CommandCustomHeader type, byte[], ChannelHandlerContext, Channel, and at "
                    + "most one @Body parameter of a non-primitive type.");
        });
    }

    @Test
    void anUnsupportedReturnTypeIsNamedWithItsMethod() {
        this.runner.withBean("bad", UnsupportedReturnType.class).run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("method 'bad#handle' returns java.util.concurrent.Future");
            assertThat(analysis.getAction()).startsWith("Return RemotingCommand, a CommandCustomHeader type, void");
        });
    }

    @Test
    void anUnknownExecutorIsNamedWithTheConfiguredOnesAndItsPropertyIsSuggested() {
        this.runner.withBean("pulls", UnknownExecutor.class).run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo(String.format("A @RequestCodeHandler could not be "
                    + "registered:%n%n    method 'pulls#pull' uses executor 'pull', but remoting.executors has no "
                    + "such entry (configured: [send])%n"));
            assertThat(analysis.getAction()).isEqualTo("Configure the executor, for example "
                    + "remoting.executors.pull.threads=4, or name one that remoting.executors configures, or remove "
                    + "executor = \"pull\" to give the handler a dedicated executor.");
        });
    }

    @Test
    void aDedicatedExecutorNameThatClashesWithAConfiguredOneIsNamed() {
        // A processor bean that names no executor gets one named after the bean: here that of remoting.executors.send.
        this.runner.withBean("send", NoExecutorNamed.class).run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("The dedicated executor 'send' of bean 'send' "
                    + "(NoExecutorNamed), which names no executor, clashes with remoting.executors.send");
            assertThat(analysis.getAction()).isEqualTo("Set executor = \"send\" on the handler to share "
                    + "remoting.executors.send, or rename that executor.");
        });
    }

    @Test
    void aServerHandlerWithTheServerDisabledIsNamedAndTheWaysOutAreGiven() {
        this.runner.withBean("sends", First.class).withPropertyValues("remoting.server.enabled=false")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("method 'sends#ten' handles server requests, "
                            + "but there is no remoting server (remoting.server.enabled=false");
                    assertThat(analysis.getAction()).isEqualTo("Remove remoting.server.enabled=false so that the "
                            + "server is configured, or give the handler side = CLIENT if it serves requests that "
                            + "brokers send to this application's clients, or remove the handler.");
                });
    }

    @Test
    void aClientHandlerWithoutAnyClientIsNamed() {
        this.runner.withBean("callbacks", ClientSide.class).withPropertyValues("remoting.client.enabled=false")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("method 'callbacks#changed' handles client "
                            + "requests, but there is no remoting client");
                    assertThat(analysis.getAction()).startsWith("Remove remoting.client.enabled=false or configure "
                            + "a client under remoting.clients.<name>");
                });
    }

    @Test
    void aHandlerWithoutCodesIsNamed() {
        this.runner.withBean("empty", NoCode.class).run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("method 'empty#handle' declares no request code");
            assertThat(analysis.getAction()).isEqualTo("List the request codes the handler serves: "
                    + "@RequestCodeHandler(code = ...).");
        });
    }

    @Test
    void springApplicationReportsTheDuplicateCodeInsteadOfAStackTrace(CapturedOutput output) {
        SpringApplication application = new SpringApplication(DuplicateApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--remoting.server.port=0",
                "--remoting.server.bind-address=127.0.0.1"));
        // The analyzer is found through META-INF/spring.factories, and Boot prints its report.
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Request code 10 on the server has two handlers")
                .contains("Give one of the two handlers another code");
    }

    private static FailureAnalysis analyze(Throwable failure) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new HandlerWiringFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }

    static class First {

        @RequestCodeHandler(code = 10)
        void ten() {
        }
    }

    static class Second {

        @RequestCodeHandler(code = 10)
        void alsoTen() {
        }
    }

    static class UnsupportedParameter {

        @RequestCodeHandler(code = 11)
        void handle(String topic) {
        }
    }

    static class UnsupportedReturnType {

        @RequestCodeHandler(code = 12)
        Future<RemotingCommand> handle() {
            return null;
        }
    }

    static class UnknownExecutor {

        @RequestCodeHandler(code = 13, executor = "pull")
        void pull() {
        }
    }

    @RequestCodeHandler(code = 14)
    static class NoExecutorNamed implements NettyRequestProcessor {

        @Override
        public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
            return null;
        }
    }

    static class ClientSide {

        @RequestCodeHandler(code = 15, side = Side.CLIENT)
        void changed(RemotingCommand request) {
        }
    }

    static class NoCode {

        @RequestCodeHandler(code = {})
        void handle() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(RemotingAutoConfiguration.class)
    @Import({First.class, Second.class})
    static class DuplicateApplication {
    }
}
