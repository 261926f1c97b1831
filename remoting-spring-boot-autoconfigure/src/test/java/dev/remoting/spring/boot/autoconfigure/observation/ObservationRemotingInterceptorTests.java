package dev.remoting.spring.boot.autoconfigure.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The interceptor, driven by hand as the core drives it, observing into a {@link TestObservationRegistry}. */
class ObservationRemotingInterceptorTests {

    private static final String[] CLIENT_KEYS = {"rpc.system", "side", "client", "code", "mode", "outcome",
        "response.code", "server.address", "server.port"};

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final ObservationRemotingInterceptor client = new ObservationRemotingInterceptor(this.registry, "audit",
            null, null);

    private final ObservationRemotingInterceptor server = new ObservationRemotingInterceptor(this.registry,
            RemotingInterceptorFactory.NO_CLIENT, null, null);

    @Test
    void aSuccessfulCallIsObservedAsRemotingClientRequestsWithTheOldTimerTagsAndThePeer() {
        RemotingCommand request = RemotingCommand.createRequestCommand(105, null);
        Interception interception = this.client.begin(InterceptedCall.client(request, InvokeMode.SYNC,
                "127.0.0.1:1234"));
        interception.end(response(RemotingSysResponseCode.SUCCESS), null);

        assertThat(this.registry).hasSingleObservationThat()
                .hasNameEqualTo("remoting.client.requests")
                .hasContextualNameEqualTo("remoting/105")
                .hasBeenStarted().hasBeenStopped().doesNotHaveError()
                .hasOnlyKeys(CLIENT_KEYS)
                .hasLowCardinalityKeyValue("rpc.system", "apache_rocketmq_remoting")
                .hasLowCardinalityKeyValue("side", "client")
                .hasLowCardinalityKeyValue("client", "audit")
                .hasLowCardinalityKeyValue("code", "105")
                .hasLowCardinalityKeyValue("mode", "sync")
                .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                .hasLowCardinalityKeyValue("response.code", "0")
                .hasHighCardinalityKeyValue("server.address", "127.0.0.1")
                .hasHighCardinalityKeyValue("server.port", "1234");
    }

    @Test
    void anErrorResponseIsTheObservationsError() {
        Interception interception = this.client.begin(InterceptedCall.client(
                RemotingCommand.createRequestCommand(7, null), InvokeMode.ASYNC, "10.0.0.1:9876"));
        interception.end(RemotingCommand.createResponseCommand(16, "no permission"), null);

        assertThat(this.registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("mode", "async")
                .hasLowCardinalityKeyValue("outcome", "ERROR_RESPONSE")
                .hasLowCardinalityKeyValue("response.code", "16")
                .hasError()
                .assertThatError().isInstanceOfSatisfying(RemotingResponseException.class, error -> {
                    assertThat(error.getCode()).isEqualTo(16);
                    assertThat(error.getRemark()).isEqualTo("no permission");
                });
    }

    static Stream<Arguments> failures() {
        return Stream.of(Arguments.of(new RemotingTimeoutException("127.0.0.1:1234", 3000), "TIMEOUT"),
                Arguments.of(new RemotingSendRequestException("127.0.0.1:1234"), "SEND_FAILED"),
                Arguments.of(new RemotingConnectException("127.0.0.1:1234"), "CONNECT_FAILED"),
                Arguments.of(new RemotingTooMuchRequestException("no permit"), "TOO_MANY_REQUESTS"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailedCallHasTheOutcomeItsExceptionNamesNoResponseCodeAndTheExceptionAsError(Exception failure,
            String outcome) {
        Interception interception = this.client.begin(InterceptedCall.client(
                RemotingCommand.createRequestCommand(11, null), InvokeMode.SYNC, "127.0.0.1:1234"));
        interception.end(null, failure);

        assertThat(this.registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("outcome", outcome)
                .hasLowCardinalityKeyValue("response.code", "NONE")
                .hasError(failure);
    }

    @Test
    void aOnewayCallWrittenIsASuccessWithoutResponseCode() {
        RemotingCommand request = RemotingCommand.createRequestCommand(3, null);
        request.markOnewayRPC();
        this.client.begin(InterceptedCall.client(request, InvokeMode.ONEWAY, "127.0.0.1:1234")).end(null, null);

        assertThat(this.registry).hasSingleObservationThat().doesNotHaveError()
                .hasLowCardinalityKeyValue("mode", "oneway")
                .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                .hasLowCardinalityKeyValue("response.code", "NONE");
    }

    @Test
    void whileACallRunsItsOutcomeIsUnknownAndAPeerChosenLaterIsTaggedWhenItEnds() {
        InterceptedCall call = InterceptedCall.client(RemotingCommand.createRequestCommand(3, null), InvokeMode.SYNC,
                null);
        Interception interception = this.client.begin(call);
        assertThat(this.registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("outcome", "UNKNOWN")
                .doesNotHaveHighCardinalityKeyValueWithKey("server.address");

        call.remoteAddress("10.0.0.9:9876");
        interception.end(response(RemotingSysResponseCode.SUCCESS), null);
        assertThat(this.registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                .hasHighCardinalityKeyValue("server.address", "10.0.0.9")
                .hasHighCardinalityKeyValue("server.port", "9876");
        assertThat(this.registry).hasHandledContextsThatSatisfy(contexts -> assertThat(
                ((RemotingClientObservationContext) contexts.get(0)).getRemoteServiceAddress())
                .isEqualTo("remoting://10.0.0.9:9876"));
    }

    @Test
    void anInProcessPeerHasAnAddressAndNoPort() {
        this.client.begin(InterceptedCall.client(RemotingCommand.createRequestCommand(3, null), InvokeMode.SYNC,
                "local:broker")).end(response(RemotingSysResponseCode.SUCCESS), null);

        assertThat(this.registry).hasSingleObservationThat()
                .hasHighCardinalityKeyValue("server.address", "local:broker")
                .doesNotHaveHighCardinalityKeyValueWithKey("server.port");
    }

    @Test
    void aServedRequestIsObservedAsRemotingServerRequestsWithTheOldTimerTagsAndTheCaller() {
        Interception interception = this.server.begin(InterceptedCall.server(
                RemotingCommand.createRequestCommand(105, null), "192.168.1.2:50000", true));
        interception.end(response(RemotingSysResponseCode.SUCCESS), null);

        assertThat(this.registry).hasSingleObservationThat()
                .hasNameEqualTo("remoting.server.requests")
                .hasContextualNameEqualTo("remoting/105")
                .hasBeenStarted().hasBeenStopped().doesNotHaveError()
                .hasOnlyKeys("rpc.system", "side", "client", "code", "response.code", "client.address",
                        "client.port")
                .hasLowCardinalityKeyValue("rpc.system", "apache_rocketmq_remoting")
                .hasLowCardinalityKeyValue("side", "server")
                .hasLowCardinalityKeyValue("client", "none")
                .hasLowCardinalityKeyValue("code", "105")
                .hasLowCardinalityKeyValue("response.code", "0")
                .hasHighCardinalityKeyValue("client.address", "192.168.1.2")
                .hasHighCardinalityKeyValue("client.port", "50000");
    }

    @Test
    void aCodeNoProcessorHandlesIsUnknownInTagsAndSpanName() {
        this.server.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(4242, null), "[::1]:50000",
                false)).end(response(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED), null);

        assertThat(this.registry).hasSingleObservationThat()
                .hasContextualNameEqualTo("remoting/UNKNOWN")
                .hasLowCardinalityKeyValue("code", "UNKNOWN")
                .hasLowCardinalityKeyValue("response.code", "3")
                .doesNotHaveError()
                .hasHighCardinalityKeyValue("client.address", "::1")
                .hasHighCardinalityKeyValue("client.port", "50000");
    }

    @Test
    void whatTheProcessorThrewIsTheServedRequestsErrorEvenWhenItChoseTheAnswer() {
        RemotingResponseException thrown = new RemotingResponseException(16, "no permission");
        this.server.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(1, null), "10.0.0.1:1", true))
                .end(RemotingCommand.createResponseCommand(16, "no permission"), thrown);

        assertThat(this.registry).hasSingleObservationThat().hasError(thrown)
                .hasLowCardinalityKeyValue("response.code", "16");
    }

    @Test
    void aSystemErrorAnswerIsAnErrorButAnotherErrorCodeIsNot() {
        this.server.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(1, null), "10.0.0.1:1", true))
                .end(RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_ERROR, "boom"), null);
        this.server.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(2, null), "10.0.0.1:1", true))
                .end(RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_BUSY, "busy"), null);

        assertThat(this.registry).hasNumberOfObservationsEqualTo(2)
                .hasAnObservation(observation -> observation.hasLowCardinalityKeyValue("code", "1")
                        .assertThatError().isInstanceOf(RemotingResponseException.class).hasMessageContaining("boom"))
                .hasAnObservation(observation -> observation.hasLowCardinalityKeyValue("code", "2")
                        .doesNotHaveError());
    }

    @Test
    void aClientAnsweringAServerInitiatedRequestIsTaggedAsTheClientItIs() {
        this.client.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(40, null), "10.0.0.1:10911",
                true)).end(null, null);

        assertThat(this.registry).hasSingleObservationThat()
                .hasNameEqualTo("remoting.server.requests")
                .hasLowCardinalityKeyValue("side", "client")
                .hasLowCardinalityKeyValue("client", "audit")
                .hasLowCardinalityKeyValue("response.code", "NONE");
    }

    @Test
    void theServingSidesScopeIsItsObservationAndTheClientsIsTheCallers() {
        Interception served = this.server.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(1, null),
                "10.0.0.1:1", true));
        assertThat(this.registry.getCurrentObservation()).as("begin opens no scope").isNull();
        try (Interception.Scope scope = served.openScope()) {
            assertThat(this.registry.getCurrentObservation().getContext().getName())
                    .isEqualTo("remoting.server.requests");
        }
        assertThat(this.registry.getCurrentObservation()).isNull();

        Observation caller = Observation.start("caller", this.registry);
        Interception call;
        try (Observation.Scope ignored = caller.openScope()) {
            call = this.client.begin(InterceptedCall.client(RemotingCommand.createRequestCommand(2, null),
                    InvokeMode.ASYNC, "127.0.0.1:1234"));
        }
        try (Interception.Scope scope = call.openScope()) {
            assertThat(this.registry.getCurrentObservation()).isSameAs(caller);
        }
        assertThat(this.registry.getCurrentObservation()).isNull();
        call.end(response(0), null);
        served.end(response(0), null);
        caller.stop();

        assertThat(this.registry).hasObservationWithNameEqualTo("remoting.client.requests").that()
                .hasParentObservationEqualTo(caller);
    }

    @Test
    void withoutACallerTheClientsScopeIsNone() {
        Interception call = this.client.begin(InterceptedCall.client(RemotingCommand.createRequestCommand(2, null),
                InvokeMode.ASYNC, "127.0.0.1:1234"));
        assertThat(call.openScope()).isSameAs(Interception.Scope.NONE);
        call.end(response(0), null);
    }

    @Test
    void theNoopRegistryOrAnObservationTurnedOffLeavesTheCallAlone() {
        InterceptedCall call = InterceptedCall.client(RemotingCommand.createRequestCommand(2, null), InvokeMode.SYNC,
                "127.0.0.1:1234");
        assertThat(new ObservationRemotingInterceptor(ObservationRegistry.NOOP, "default", null, null).begin(call))
                .isSameAs(Interception.NONE);

        this.registry.observationConfig().observationPredicate((name, context) -> !name.startsWith("remoting"));
        assertThat(this.client.begin(call)).isSameAs(Interception.NONE);
        assertThat(this.server.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(2, null),
                "10.0.0.1:1", true))).isSameAs(Interception.NONE);
        assertThat(this.registry).doesNotHaveAnyObservation();
        assertThat(call.request().getExtFields()).isNull();
    }

    @Test
    void conventionsGivenReplaceTheDefaultOnes() {
        ObservationRemotingInterceptor custom = new ObservationRemotingInterceptor(this.registry, "default",
                new DefaultRemotingClientObservationConvention() {
                    @Override
                    public String getName() {
                        return "broker.calls";
                    }

                    @Override
                    protected KeyValue code(RemotingClientObservationContext context) {
                        return KeyValue.of("code", "send");
                    }
                }, new RemotingServerObservationConvention() {
                    @Override
                    public String getName() {
                        return "broker.served";
                    }

                    @Override
                    public @Nullable String getContextualName(RemotingServerObservationContext context) {
                        return "served";
                    }
                });
        custom.begin(InterceptedCall.client(RemotingCommand.createRequestCommand(10, null), InvokeMode.SYNC,
                "127.0.0.1:1")).end(response(0), null);
        custom.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(10, null), "127.0.0.1:2", true))
                .end(response(0), null);

        assertThat(this.registry).hasNumberOfObservationsEqualTo(2)
                .hasObservationWithNameEqualTo("broker.calls").that()
                .hasLowCardinalityKeyValue("code", "send")
                .hasLowCardinalityKeyValue("client", "default")
                .hasContextualNameEqualTo("remoting/10");
        assertThat(this.registry).hasObservationWithNameEqualTo("broker.served").that()
                .hasContextualNameEqualTo("served")
                .hasNoKeyValues();
    }

    private static RemotingCommand response(int code) {
        return RemotingCommand.createResponseCommand(code, null);
    }
}
