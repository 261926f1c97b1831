package dev.remoting.spring.boot.autoconfigure.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.RemotingInterceptor;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.RemotingService;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.netty.NettyRemotingServer;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.boot.autoconfigure.RemotingAutoConfiguration;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import dev.remoting.spring.boot.autoconfigure.ServiceAddressSelectorFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The observation interceptor goes into every auto-configured server and client when there is a registry. */
class RemotingObservationAutoConfigurationTests {

    private static final int SERVICE_CODE = 4201;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RemotingAutoConfiguration.class,
                    RemotingObservationAutoConfiguration.class))
            .withPropertyValues("remoting.server.enabled=true", "remoting.server.port=0",
                    "remoting.server.bind-address=127.0.0.1", "remoting.clients.audit.async-permits=3");

    private final ApplicationContextRunner withBootObservation = this.runner
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class));

    @Test
    void backsOffWithoutAnObservationRegistry() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RemotingInterceptorFactory.class);
            assertThat(services(context)).allSatisfy(service -> assertThat(service.getInterceptors()).isEmpty());
        });
    }

    @Test
    void backsOffWithoutSpringBootMicrometerObservationOnTheClassPath() {
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withClassLoader(new FilteredClassLoader(ObservationAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(RemotingInterceptorFactory.class));
    }

    @Test
    void theServerTheDefaultClientAndNamedClientsObserveTheirCallsUnderTheirNames() {
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
            NettyRemotingClient client = context.getBean(NettyRemotingClient.class);
            NettyRemotingClient audit = context.getBean(RemotingClients.class).get("audit");
            for (RemotingService service : List.of(server, client, audit)) {
                assertThat(service.getInterceptors()).singleElement()
                        .isInstanceOf(ObservationRemotingInterceptor.class);
            }

            serve(server.getInterceptors().get(0));
            call(client.getInterceptors().get(0));
            call(audit.getInterceptors().get(0));

            assertThat(registry).hasNumberOfObservationsEqualTo(3)
                    .hasAnObservation(observation -> observation.hasNameEqualTo("remoting.server.requests")
                            .hasLowCardinalityKeyValue("side", "server").hasLowCardinalityKeyValue("client", "none"))
                    .hasAnObservation(observation -> observation.hasNameEqualTo("remoting.client.requests")
                            .hasLowCardinalityKeyValue("client", "default"))
                    .hasAnObservation(observation -> observation.hasNameEqualTo("remoting.client.requests")
                            .hasLowCardinalityKeyValue("client", "audit"));
        });
    }

    @Test
    void aCallToAServiceIsObservedWithTheInstanceItsSelectorChoseAsThePeer() {
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withUserConfiguration(LocalServiceSelector.class)
                .withPropertyValues("remoting.clients.orders.service-id=orders")
                .run(context -> {
                    NettyRemotingServer server = context.getBean(NettyRemotingServer.class);
                    server.registerProcessor(SERVICE_CODE, (ctx, request) -> RemotingCommand
                            .createResponseCommand(RemotingSysResponseCode.SUCCESS, null), null);
                    NettyRemotingClient orders = context.getBean(RemotingClients.class).get("orders");

                    orders.invokeSync(null, RemotingCommand.createRequestCommand(SERVICE_CODE, null), 3000);

                    assertThat(context.getBean(TestObservationRegistry.class))
                            .hasAnObservation(observation -> observation.hasNameEqualTo("remoting.client.requests")
                                    .hasLowCardinalityKeyValue("client", "orders")
                                    .hasHighCardinalityKeyValue("server.address", "127.0.0.1")
                                    .hasHighCardinalityKeyValue("server.port",
                                            String.valueOf(server.localListenPort())));
                });
    }

    @Test
    void interceptorBeansFollowWhatTheFactoriesMakeInOrder() {
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withUserConfiguration(OrderedInterceptors.class)
                .run(context -> assertThat(services(context)).allSatisfy(service -> {
                    List<RemotingInterceptor> interceptors = service.getInterceptors();
                    assertThat(interceptors).hasSize(3).first().isInstanceOf(ObservationRemotingInterceptor.class);
                    assertThat(interceptors.subList(1, 3))
                            .containsExactly(OrderedInterceptors.FIRST, OrderedInterceptors.SECOND);
                }));
    }

    @Test
    void aNoOpObservationRegistryGetsNoInterceptorSoCallsPayNothingForIt() {
        this.runner.withBean(ObservationRegistry.class, () -> ObservationRegistry.NOOP)
                .run(context -> assertThat(services(context)).allSatisfy(service -> assertThat(
                        service.getInterceptors()).isEmpty()));
    }

    @Test
    void anInterceptorFactoryOfTheApplicationAddsItsInterceptorsAfterTheObservations() {
        RemotingInterceptor own = call -> Interception.NONE;
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withBean(RemotingInterceptorFactory.class, () -> clientName -> own)
                .run(context -> assertThat(services(context)).allSatisfy(service -> {
                    assertThat(service.getInterceptors()).hasSize(2).endsWith(own).first()
                            .isInstanceOf(ObservationRemotingInterceptor.class);
                }));
    }

    @Test
    void anObservationInterceptorFactoryOfTheApplicationReplacesOurs() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        ObservationRemotingInterceptorFactory own = new ObservationRemotingInterceptorFactory(registry, null, null);
        this.runner.withBean(TestObservationRegistry.class, () -> registry)
                .withBean(ObservationRemotingInterceptorFactory.class, () -> own)
                .run(context -> {
                    assertThat(context).getBean(ObservationRemotingInterceptorFactory.class).isSameAs(own);
                    assertThat(services(context)).allSatisfy(service -> assertThat(service.getInterceptors())
                            .hasSize(1));
                });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withBean(RemotingClientObservationConvention.class,
                        () -> new DefaultRemotingClientObservationConvention() {
                            @Override
                            public String getName() {
                                return "broker.calls";
                            }
                        })
                .run(context -> {
                    call(context.getBean(NettyRemotingClient.class).getInterceptors().get(0));
                    assertThat(context.getBean(TestObservationRegistry.class))
                            .hasObservationWithNameEqualTo("broker.calls");
                });
    }

    @Test
    void managementObservationsEnableRemotingFalseTurnsThemOff() {
        // A registry without handlers makes no-op observations anyway.
        ApplicationContextRunner handled = this.withBootObservation.withBean(ObservationHandler.class,
                () -> (ObservationHandler<Observation.Context>) context -> true);
        handled.run(context -> assertThat(context.getBean(NettyRemotingServer.class)
                .getInterceptors().get(0).begin(servedCall())).isNotSameAs(Interception.NONE));
        handled.withPropertyValues("management.observations.enable.remoting=false").run(context -> {
            assertThat(context.getBean(NettyRemotingServer.class).getInterceptors().get(0).begin(servedCall()))
                    .isSameAs(Interception.NONE);
            assertThat(context.getBean(NettyRemotingClient.class).getInterceptors().get(0).begin(clientCall()))
                    .isSameAs(Interception.NONE);
        });
    }

    @Test
    void withAnotherHandlerBootsMeterObservationHandlerMakesTheTimersOfTheObservationsWithTheirTags() {
        this.withBootObservation.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(ObservationHandler.class, () -> (ObservationHandler<Observation.Context>) context -> true)
                .run(context -> {
                    assertThat(context.getBean(RemotingCallObservations.class).isObserved()).isTrue();
                    call(context.getBean(RemotingClients.class).get("audit").getInterceptors().get(0));
                    serve(context.getBean(NettyRemotingServer.class).getInterceptors().get(0));

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    Timer timer = meters.get("remoting.client.requests").tag("side", "client")
                            .tag("client", "audit").tag("code", "10").tag("mode", "sync").tag("outcome", "SUCCESS")
                            .tag("response.code", "0").timer();
                    assertThat(timer.count()).isEqualTo(1);
                    assertThat(timer.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()))
                            .containsExactlyInAnyOrder("side", "client", "code", "mode", "outcome", "response.code",
                                    "rpc.system", "error");
                    assertThat(meters.get("remoting.server.requests").tag("side", "server").tag("client", "none")
                            .tag("code", "10").tag("response.code", "0").timer().count()).isEqualTo(1);
                });
    }

    @Test
    void withNothingButBootsMeterHandlerCallsAreNotObservedAndTheTimersAreRecordedDirectly() {
        this.withBootObservation.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    RemotingCallObservations callObservations = context.getBean(RemotingCallObservations.class);
                    assertThat(callObservations.isObserved()).isFalse();
                    assertThat(callObservations.isTimerEnabled("remoting.client.requests")).isTrue();
                    assertThat(services(context)).allSatisfy(service -> assertThat(service.getInterceptors())
                            .isEmpty());
                });
    }

    @Test
    void managementObservationsEnableTurnsOffTheTimersRecordedDirectly() {
        this.withBootObservation.withPropertyValues("management.observations.enable.remoting.client=false")
                .run(context -> {
                    RemotingCallObservations callObservations = context.getBean(RemotingCallObservations.class);
                    assertThat(callObservations.isObserved()).isFalse();
                    assertThat(callObservations.isTimerEnabled("remoting.client.requests")).isFalse();
                    assertThat(callObservations.isTimerEnabled("remoting.server.requests")).isTrue();
                });
    }

    @Test
    void whatAnApplicationRegistersForObservationsMakesCallsObserved() {
        ObservationPredicate predicate = (name, context) -> true;
        ObservationFilter filter = context -> context;
        List<ApplicationContextRunner> customized = List.of(
                this.withBootObservation.withBean(ObservationHandler.class,
                        () -> (ObservationHandler<Observation.Context>) context -> true),
                this.withBootObservation.withBean(RemotingClientObservationConvention.class,
                        DefaultRemotingClientObservationConvention::new),
                this.withBootObservation.withBean(ObservationPredicate.class, () -> predicate),
                this.withBootObservation.withBean(ObservationFilter.class, () -> filter),
                this.withBootObservation.withPropertyValues("management.observations.key-values.region=eu"),
                // An application's own registry may hold handlers that no bean shows.
                this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create));
        for (ApplicationContextRunner runner : customized) {
            // Observed, not necessarily intercepted: a registry with no handler at all still makes no interceptor.
            runner.run(context -> assertThat(context.getBean(RemotingCallObservations.class).isObserved()).isTrue());
        }
    }

    private static List<RemotingService> services(AssertableApplicationContext context) {
        return List.of(context.getBean(NettyRemotingServer.class), context.getBean(NettyRemotingClient.class),
                context.getBean(RemotingClients.class).get("audit"));
    }

    private static void call(RemotingInterceptor interceptor) {
        interceptor.begin(clientCall()).end(RemotingCommand.createResponseCommand(0, null), null);
    }

    private static void serve(RemotingInterceptor interceptor) {
        interceptor.begin(servedCall()).end(RemotingCommand.createResponseCommand(0, null), null);
    }

    private static InterceptedCall clientCall() {
        return InterceptedCall.client(RemotingCommand.createRequestCommand(10, null), InvokeMode.SYNC,
                "127.0.0.1:1234");
    }

    private static InterceptedCall servedCall() {
        return InterceptedCall.server(RemotingCommand.createRequestCommand(10, null), "127.0.0.1:5678", true);
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedInterceptors {

        static final RemotingInterceptor FIRST = call -> Interception.NONE;
        static final RemotingInterceptor SECOND = call -> Interception.NONE;

        @Bean
        @Order(2)
        RemotingInterceptor secondInterceptor() {
            return SECOND;
        }

        @Bean
        @Order(1)
        RemotingInterceptor firstInterceptor() {
            return FIRST;
        }
    }

    /** A service whose one instance is this context's server, as a registry would list it. */
    @Configuration(proxyBeanMethods = false)
    static class LocalServiceSelector {

        @Bean
        ServiceAddressSelectorFactory localServiceSelectorFactory(ObjectProvider<NettyRemotingServer> server) {
            return (clientName, serviceId, client) -> (request, timeoutMillis) -> "127.0.0.1:"
                    + server.getObject().localListenPort();
        }
    }
}
