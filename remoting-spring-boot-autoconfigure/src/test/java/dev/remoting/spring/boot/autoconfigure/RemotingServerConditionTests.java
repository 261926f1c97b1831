package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.RemotingServer;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.annotation.RequestCodeHandler.Side;
import dev.remoting.spring.boot.autoconfigure.handler.HandlerWiringException;
import io.netty.channel.ChannelHandlerContext;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * When the application gets a server: only when something serves server requests, or when
 * {@code remoting.server.enabled=true} says so; {@code remoting.server.enabled=false} wins over handlers.
 */
class RemotingServerConditionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class))
            .withPropertyValues("remoting.server.port=0", "remoting.server.bind-address=127.0.0.1");

    @Test
    void anApplicationWithoutHandlersGetsNoServerAndOpensNoPort() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed()
                    .doesNotHaveBean(RemotingServer.class)
                    .doesNotHaveBean(RemotingServerFactory.class)
                    .doesNotHaveBean(RemotingServiceLifecycle.Server.class)
                    .hasSingleBean(NettyRemotingClient.class);
            assertThat(context.getEnvironment().containsProperty("local.remoting.server.port")).isFalse();
        });
    }

    @Test
    void anApplicationWithAServerSideHandlerMethodGetsAListeningServer() {
        this.runner.withUserConfiguration(ServerMethodHandler.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(NettyRemotingServer.class);
            assertListening(context);
        });
    }

    @Test
    void aNettyRequestProcessorBeanAnnotatedWithRequestCodeHandlerGetsAServer() {
        this.runner.withUserConfiguration(ProcessorHandler.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(NettyRemotingServer.class);
            assertListening(context);
        });
    }

    @Test
    void aScannedHandlerClassGetsAServer() {
        // withBean registers a definition of the class itself, as component scanning does.
        this.runner.withBean(ServerMethods.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(NettyRemotingServer.class);
            assertListening(context);
        });
    }

    @Test
    void aLazyHandlerGetsAServerToo() {
        this.runner.withUserConfiguration(LazyServerMethodHandler.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(NettyRemotingServer.class);
            assertThat(context.getBean(NettyRemotingServer.class).getProcessorPair(1)).isNotNull();
        });
    }

    @Test
    void aHandlerOfBothSidesGetsAServer() {
        this.runner.withBean(BothSidesMethods.class).run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(NettyRemotingServer.class));
    }

    @Test
    void anApplicationWhoseHandlersAllServeTheClientSideGetsNoServer() {
        this.runner.withBean(ClientSideMethods.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RemotingServer.class);
            assertThat(context.getBean(NettyRemotingClient.class).getProcessorPair(3)).isNotNull();
            assertThat(context.getEnvironment().containsProperty("local.remoting.server.port")).isFalse();
        });
    }

    @Test
    void remotingServerEnabledTrueGivesAServerWithoutHandlers() {
        this.runner.withPropertyValues("remoting.server.enabled=true").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(NettyRemotingServer.class);
            assertListening(context);
        });
    }

    @Test
    void remotingServerEnabledFalseWithAServerSideHandlerGivesNoServerAndFailsStartNamingTheHandler() {
        this.runner.withUserConfiguration(ServerMethodHandler.class).withPropertyValues("remoting.server.enabled=false")
                .run(context -> assertThat(context).getFailure()
                        .asInstanceOf(InstanceOfAssertFactories.type(HandlerWiringException.class))
                        .satisfies(failure -> {
                            assertThat(failure.getProblem()).isEqualTo(HandlerWiringException.Problem.NO_SERVER);
                            assertThat(failure.getHandler()).isEqualTo("method 'serverMethods#handle'");
                        }));
    }

    @Test
    void remotingServerEnabledFalseWithClientSideHandlersStartsWithoutAServer() {
        this.runner.withBean(ClientSideMethods.class).withPropertyValues("remoting.server.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RemotingServer.class));
    }

    @Test
    void anApplicationsOwnServerWithoutHandlersIsStillStarted() {
        this.runner.withUserConfiguration(OwnServer.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RemotingServer.class)
                    .hasSingleBean(RemotingServiceLifecycle.Server.class);
            assertListening(context);
        });
    }

    @Test
    void aBeanMethodThatHidesTheHandlerBehindTheProcessorInterfaceFailsStartSayingWhy() {
        // The condition reads declared types, as @ConditionalOnBean does: it cannot see the handler behind them.
        this.runner.withUserConfiguration(HiddenProcessorHandler.class).run(context -> assertThat(context)
                .getFailure().isInstanceOf(HandlerWiringException.class)
                .hasMessageContaining("bean 'hidden' (AnnotatedProcessor)")
                .hasMessageContaining("a @Bean method that declares a type without @RequestCodeHandler"));
    }

    @Test
    void theConditionReportSaysWhichBeanBroughtTheServer() {
        this.runner.withUserConfiguration(ServerMethodHandler.class).run(context -> {
            ConditionAndOutcomes outcomes = ConditionEvaluationReport.get(context.getBeanFactory())
                    .getConditionAndOutcomesBySource().get(RemotingAutoConfiguration.class.getName()
                            + "$ServerConfiguration");
            assertThat(outcomes).extracting(outcome -> outcome.getOutcome().getMessage()).containsExactly(
                    "RemotingServer found server-side @RequestCodeHandler bean 'serverMethods'");
        });
    }

    private static void assertListening(AssertableApplicationContext context) {
        int port = context.getBean(RemotingServer.class).localListenPort();
        assertThat(port).isPositive();
        assertThat(context.getEnvironment().getProperty("local.remoting.server.port", Integer.class))
                .isEqualTo(port);
    }

    static class ServerMethods {

        @RequestCodeHandler(code = 1)
        void handle() {
        }
    }

    static class BothSidesMethods {

        @RequestCodeHandler(code = 2, side = Side.BOTH)
        void handle() {
        }
    }

    static class ClientSideMethods {

        @RequestCodeHandler(code = 3, side = Side.CLIENT)
        void handle() {
        }
    }

    @RequestCodeHandler(code = 4)
    static class AnnotatedProcessor implements NettyRequestProcessor {

        @Override
        public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
            return RemotingCommand.createResponseCommand(0, null);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ServerMethodHandler {

        @Bean
        ServerMethods serverMethods() {
            return new ServerMethods();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyServerMethodHandler {

        @Bean
        @Lazy
        ServerMethods serverMethods() {
            return new ServerMethods();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ProcessorHandler {

        @Bean
        AnnotatedProcessor processor() {
            return new AnnotatedProcessor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HiddenProcessorHandler {

        @Bean
        NettyRequestProcessor hidden() {
            return new AnnotatedProcessor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnServer {

        @Bean
        NettyRemotingServer ownServer() {
            NettyServerConfig config = new NettyServerConfig();
            config.setBindAddress("127.0.0.1");
            config.setListenPort(0);
            return new NettyRemotingServer(config);
        }
    }
}
