package dev.remoting.spring.boot.autoconfigure.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.ProcessorPair;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.annotation.RequestCodeHandler.Side;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingExecutors;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;

/** How {@link RequestCodeHandler} beans and methods are found, checked and registered. */
class RequestCodeHandlerRegistrarTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1",
                    "remoting.executors.send.threads=1", "remoting.executors.pull.threads=1");

    @Test
    void classAndMethodHandlersAreRegisteredOnTheirExecutors() {
        this.runner.withUserConfiguration(ValidHandlers.class).run(context -> {
            assertThat(context).hasNotFailed();
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            NettyRemotingClient client = context.getBean(NettyRemotingClient.class);
            RemotingExecutors executors = context.getBean(RemotingExecutors.class);
            SendProcessor send = context.getBean(SendProcessor.class);

            assertThat(server.getProcessorPair(10)).isEqualTo(new ProcessorPair(send, executors.all().get("send")));
            assertThat(server.getProcessorPair(310)).isEqualTo(new ProcessorPair(send, executors.all().get("send")));
            assertThat(server.getProcessorPair(11).executor()).isSameAs(executors.all().get("pull"));
            assertThat(server.getProcessorPair(12).executor()).isSameAs(executors.all().get("methods.dedicated"));
            assertThat(server.getProcessorPair(13)).isNull();
            assertThat(client.getProcessorPair(13).executor()).isSameAs(executors.all().get("pull"));
            assertThat(server.getProcessorPair(14)).isNotNull();
            assertThat(client.getProcessorPair(14)).isNotNull();
            assertThat(client.getProcessorPair(10)).isNull();

            List<HandlerRegistration> registrations = context.getBean(RequestCodeHandlerRegistrar.class)
                    .getRegistrations();
            assertThat(registrations).extracting(HandlerRegistration::description, HandlerRegistration::executorName)
                    .contains(tuple("bean 'send' (SendProcessor)", "send"),
                            tuple("method 'methods#pull'", "pull"),
                            tuple("method 'methods#dedicated'", "methods.dedicated"));
        });
    }

    @Test
    void methodReturningAFutureBecomesAnAsyncProcessor() {
        this.runner.withUserConfiguration(ValidHandlers.class).run(context -> assertThat(context
                .getBean(NettyRemotingServer.class).getProcessorPair(11).processor())
                .isInstanceOf(AsyncNettyRequestProcessor.class));
    }

    @Test
    void twoHandlersForOneCodeFailNamingBoth() {
        this.runner.withUserConfiguration(DuplicateHandlers.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("Request code 10 on the server")
                    .contains("bean 'send' (SendProcessor)").contains("method 'other#alsoTen'");
        });
    }

    @Test
    void oneCodeMayHaveAServerAndAClientHandler() {
        this.runner.withUserConfiguration(ServerAndClientHandlers.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NettyRemotingServer.class).getProcessorPair(20).processor())
                    .hasToString("method 'split#onServer'");
            assertThat(context.getBean(NettyRemotingClient.class).getProcessorPair(20).processor())
                    .hasToString("method 'split#onClient'");
        });
    }

    @Test
    void handlerForBothSidesClashesWithAClientHandler() {
        this.runner.withUserConfiguration(BothAndClientHandlers.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("Request code 21 on the client")
                    .contains("method 'clash#both'").contains("method 'clash#client'");
        });
    }

    @Test
    void unknownExecutorFailsNamingItAndTheHandler() {
        this.runner.withUserConfiguration(UnknownExecutorHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("'nope'").contains("method 'unknown#handle'")
                    .contains("remoting.executors has no such entry (configured: [send, pull])");
        });
    }

    @Test
    void handlerWithoutExecutorDoesNotSilentlyShareAConfiguredExecutorOfTheSameName() {
        this.runner.withUserConfiguration(ClashingDedicatedName.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("dedicated executor 'send'")
                    .contains("remoting.executors.send");
        });
    }

    @Test
    void unsupportedParameterTypeFailsAtStartUp() {
        this.runner.withUserConfiguration(BadParameterHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("method 'badParameter#handle'")
                    .contains("java.lang.String");
        });
    }

    @Test
    void unsupportedReturnTypeFailsAtStartUp() {
        this.runner.withUserConfiguration(BadReturnHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("method 'badReturn#handle'")
                    .contains("returns java.util.concurrent.CompletionStage<dev.remoting.protocol.RemotingCommand>")
                    .contains("a CompletableFuture of any of these");
        });
    }

    @Test
    void annotatedClassThatIsNoProcessorFails() {
        this.runner.withUserConfiguration(NotAProcessor.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("notAProcessor")
                    .contains("does not implement NettyRequestProcessor");
        });
    }

    @Test
    void handlerWithoutCodesFails() {
        this.runner.withUserConfiguration(NoCodeHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("method 'noCode#handle'")
                    .contains("declares no request code");
        });
    }

    @Test
    void serverHandlerWithoutServerFails() {
        this.runner.withUserConfiguration(ValidHandlers.class).withPropertyValues("remoting.server.enabled=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("bean 'send' (SendProcessor)")
                            .contains("remoting.server.enabled=false");
                });
    }

    @Test
    void clientHandlerWithoutClientFails() {
        this.runner.withUserConfiguration(ServerAndClientHandlers.class)
                .withPropertyValues("remoting.client.enabled=false").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("method 'split#onClient'")
                            .contains("remoting.client.enabled=false");
                });
    }

    @Test
    void aLazyHandlerIsCreatedAndRegisteredAtStartUp() {
        this.runner.withUserConfiguration(LazyHandler.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NettyRemotingServer.class).getProcessorPair(40)).isNotNull();
        });
    }

    @Test
    void handlersAreRegisteredUnderGlobalLazyInitialization() {
        this.runner.withInitializer(context -> context.addBeanFactoryPostProcessor(
                new LazyInitializationBeanFactoryPostProcessor()))
                .withUserConfiguration(ValidHandlers.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
                    assertThat(server.getProcessorPair(10)).isNotNull();
                    assertThat(server.getProcessorPair(11)).isNotNull();
                });
    }

    @Test
    void aPrototypeHandlerFailsStartUpNamingItsScope() {
        this.runner.withUserConfiguration(PrototypeHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("Bean 'prototypeHandler'")
                    .contains("scope 'prototype'");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyHandler {

        @Bean
        @Lazy
        Code40Handler lazyHandler() {
            return new Code40Handler();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrototypeHandler {

        @Bean
        @Scope("prototype")
        Code40Handler prototypeHandler() {
            return new Code40Handler();
        }
    }

    static class Code40Handler {

        @RequestCodeHandler(code = 40)
        void handle() {
        }
    }

    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return String.join("\n", messages);
    }

    @RequestCodeHandler(code = {10, 310}, executor = "send")
    static class SendProcessor implements NettyRequestProcessor {

        @Override
        public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
            return null;
        }
    }

    static class MethodHandlers {

        @RequestCodeHandler(code = 11, executor = "pull")
        CompletableFuture<RemotingCommand> pull(RemotingCommand request) {
            return CompletableFuture.completedFuture(null);
        }

        @RequestCodeHandler(code = 12)
        void dedicated(byte[] body) {
        }

        @RequestCodeHandler(code = 13, executor = "pull", side = Side.CLIENT)
        RemotingCommand fromServer(RemotingCommand request, ChannelHandlerContext ctx) {
            return null;
        }

        @RequestCodeHandler(code = 14, executor = "send", side = Side.BOTH)
        RemotingCommand both(Channel channel) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ValidHandlers {

        @Bean
        SendProcessor send() {
            return new SendProcessor();
        }

        @Bean
        MethodHandlers methods() {
            return new MethodHandlers();
        }
    }

    static class AlsoTen {

        @RequestCodeHandler(code = 10)
        void alsoTen() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicateHandlers {

        @Bean
        SendProcessor send() {
            return new SendProcessor();
        }

        @Bean
        AlsoTen other() {
            return new AlsoTen();
        }
    }

    @RequestCodeHandler(code = 40)
    static class NoExecutorProcessor implements NettyRequestProcessor {

        @Override
        public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ClashingDedicatedName {

        @Bean
        NoExecutorProcessor send() {
            return new NoExecutorProcessor();
        }
    }

    static class Split {

        @RequestCodeHandler(code = 20)
        void onServer() {
        }

        @RequestCodeHandler(code = 20, side = Side.CLIENT)
        void onClient() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ServerAndClientHandlers {

        @Bean
        Split split() {
            return new Split();
        }
    }

    static class Clash {

        @RequestCodeHandler(code = 21, side = Side.BOTH)
        void both() {
        }

        @RequestCodeHandler(code = 21, side = Side.CLIENT)
        void client() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BothAndClientHandlers {

        @Bean
        Clash clash() {
            return new Clash();
        }
    }

    static class Unknown {

        @RequestCodeHandler(code = 30, executor = "nope")
        void handle() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownExecutorHandler {

        @Bean
        Unknown unknown() {
            return new Unknown();
        }
    }

    static class BadParameter {

        @RequestCodeHandler(code = 31)
        void handle(String text) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadParameterHandler {

        @Bean
        BadParameter badParameter() {
            return new BadParameter();
        }
    }

    static class BadReturn {

        @RequestCodeHandler(code = 32)
        CompletionStage<RemotingCommand> handle() {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadReturnHandler {

        @Bean
        BadReturn badReturn() {
            return new BadReturn();
        }
    }

    @RequestCodeHandler(code = 33)
    static class NotAProcessorBean {
    }

    @Configuration(proxyBeanMethods = false)
    static class NotAProcessor {

        @Bean
        NotAProcessorBean notAProcessor() {
            return new NotAProcessorBean();
        }
    }

    static class NoCode {

        @RequestCodeHandler(code = {})
        void handle() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NoCodeHandler {

        @Bean
        NoCode noCode() {
            return new NoCode();
        }
    }
}
