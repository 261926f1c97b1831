package dev.remoting.spring.boot.autoconfigure.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.InterceptedCall;
import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

/**
 * The default conventions reuse what they make of a peer, a code and a client name rather than making it per call,
 * and still say what they said when they made it each time.
 */
class ObservationRemotingInterceptorCachingTests {

    private final DefaultRemotingClientObservationConvention clientConvention =
            new DefaultRemotingClientObservationConvention();

    private final DefaultRemotingServerObservationConvention serverConvention =
            new DefaultRemotingServerObservationConvention();

    @Test
    void twoRequestsFromTheSamePeerWithTheSameCodeShareTheirKeyValuesAndName() {
        // Distinct string instances, as two requests on a connection would not share theirs either.
        RemotingServerObservationContext first = served(105, new String("192.168.1.2:50000"), true);
        RemotingServerObservationContext second = served(105, new String("192.168.1.2:50000"), true);

        KeyValues peer = this.serverConvention.getHighCardinalityKeyValues(first);
        assertThat(peer).containsExactly(KeyValue.of("client.address", "192.168.1.2"),
                KeyValue.of("client.port", "50000"));
        assertThat(this.serverConvention.getHighCardinalityKeyValues(first)).as("at start and at stop").isSameAs(peer);
        assertThat(this.serverConvention.getHighCardinalityKeyValues(second)).isSameAs(peer);

        assertThat(this.serverConvention.code(second)).isSameAs(this.serverConvention.code(first))
                .isEqualTo(KeyValue.of("code", "105"));
        assertThat(this.serverConvention.getContextualName(second))
                .isSameAs(this.serverConvention.getContextualName(first)).isEqualTo("remoting/105");
        first.ended(RemotingCommand.createResponseCommand(0, null));
        second.ended(RemotingCommand.createResponseCommand(0, null));
        assertThat(this.serverConvention.responseCode(second)).isSameAs(this.serverConvention.responseCode(first))
                .isEqualTo(KeyValue.of("response.code", "0"));
        assertThat(first.getRemoteServiceAddress()).isEqualTo("remoting://192.168.1.2:50000");

        RemotingClientObservationContext call = calling(105, "10.0.0.1:9876");
        RemotingClientObservationContext again = calling(105, "10.0.0.1:9876");
        assertThat(this.clientConvention.getHighCardinalityKeyValues(again))
                .isSameAs(this.clientConvention.getHighCardinalityKeyValues(call))
                .containsExactly(KeyValue.of("server.address", "10.0.0.1"), KeyValue.of("server.port", "9876"));
        assertThat(this.clientConvention.code(again)).isSameAs(this.clientConvention.code(call));
        assertThat(this.clientConvention.getContextualName(again))
                .isSameAs(this.clientConvention.getContextualName(call)).isEqualTo("remoting/105");
    }

    @Test
    void theCallsOfOneInterceptorShareItsClientKeyValue() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        ObservationRemotingInterceptor interceptor = new ObservationRemotingInterceptor(registry, "audit", null, null);
        interceptor.begin(InterceptedCall.client(RemotingCommand.createRequestCommand(1, null), InvokeMode.SYNC,
                "10.0.0.1:1")).end(null, null);
        interceptor.begin(InterceptedCall.client(RemotingCommand.createRequestCommand(2, null), InvokeMode.SYNC,
                "10.0.0.1:1")).end(null, null);
        interceptor.begin(InterceptedCall.server(RemotingCommand.createRequestCommand(3, null), "10.0.0.1:1", true))
                .end(null, null);

        assertThat(registry).hasNumberOfObservationsEqualTo(3).hasHandledContextsThatSatisfy(contexts -> {
            KeyValue client = this.clientConvention.client((RemotingClientObservationContext) contexts.get(0));
            assertThat(client).isEqualTo(KeyValue.of("client", "audit"));
            assertThat(this.clientConvention.client((RemotingClientObservationContext) contexts.get(1)))
                    .isSameAs(client);
            assertThat(this.serverConvention.client((RemotingServerObservationContext) contexts.get(2)))
                    .isSameAs(client);
            assertThat(((RemotingClientObservationContext) contexts.get(0)).getRemoteServiceName())
                    .isEqualTo("remoting-audit");
        });
    }

    @Test
    void codesBeyondTheCachedRangeAreStillRight() {
        for (int code : new int[] {CodeValues.CACHE_SIZE - 1, CodeValues.CACHE_SIZE, 100_000, -1,
            Integer.MIN_VALUE}) {
            String value = String.valueOf(code);
            RemotingServerObservationContext served = served(code, "10.0.0.1:1", true);
            served.ended(RemotingCommand.createResponseCommand(code, null));
            assertThat(this.serverConvention.code(served)).isEqualTo(KeyValue.of("code", value));
            assertThat(this.serverConvention.getContextualName(served)).isEqualTo("remoting/" + value);
            assertThat(this.serverConvention.responseCode(served)).isEqualTo(KeyValue.of("response.code", value));

            RemotingClientObservationContext call = calling(code, "10.0.0.1:1");
            assertThat(this.clientConvention.code(call)).isEqualTo(KeyValue.of("code", value));
            assertThat(this.clientConvention.getContextualName(call)).isEqualTo("remoting/" + value);
        }
        RemotingServerObservationContext unknown = served(100_000, "10.0.0.1:1", false);
        assertThat(this.serverConvention.code(unknown)).isEqualTo(KeyValue.of("code", "UNKNOWN"));
        assertThat(this.serverConvention.getContextualName(unknown)).isEqualTo("remoting/UNKNOWN");
    }

    @Test
    void ipv6AndInProcessPeersAreStillRight() {
        RemotingServerObservationContext v6 = served(1, "[fe80::1%eth0]:50000", true);
        assertThat(this.serverConvention.getHighCardinalityKeyValues(v6)).containsExactly(
                KeyValue.of("client.address", "fe80::1%eth0"), KeyValue.of("client.port", "50000"));
        assertThat(v6.getRemoteServiceAddress()).isEqualTo("remoting://[fe80::1%eth0]:50000");

        RemotingClientObservationContext bare = calling(1, "fe80::1");
        assertThat(this.clientConvention.getHighCardinalityKeyValues(bare))
                .containsExactly(KeyValue.of("server.address", "fe80::1"));
        assertThat(bare.getRemoteServiceAddress()).isNull();

        RemotingClientObservationContext local = calling(1, "local:broker");
        assertThat(this.clientConvention.getHighCardinalityKeyValues(local))
                .containsExactly(KeyValue.of("server.address", "local:broker"));
        assertThat(this.clientConvention.getHighCardinalityKeyValues(calling(1, "local:broker")))
                .isSameAs(this.clientConvention.getHighCardinalityKeyValues(local));
        local.ended(null);
        assertThat(local.getRemoteServiceAddress()).isNull();
        assertThat(local.getRemoteServiceName()).isEqualTo("remoting-audit");

        assertThat(PeerAddress.of(null)).isNull();
        assertThat(PeerAddress.of("")).isNull();
        assertThat(PeerAddress.of("host:")).satisfies(peer -> {
            assertThat(peer.host()).isEqualTo("host:");
            assertThat(peer.port()).isNull();
        });
    }

    @Test
    void aPeerTheClientLearnsOrChangesLaterIsTheOneTagged() {
        InterceptedCall call = InterceptedCall.client(RemotingCommand.createRequestCommand(1, null),
                InvokeMode.SYNC, "10.0.0.1:9876");
        RemotingClientObservationContext context = new RemotingClientObservationContext(call, "audit");
        assertThat(this.clientConvention.getHighCardinalityKeyValues(context))
                .contains(KeyValue.of("server.address", "10.0.0.1"));

        call.remoteAddress("10.0.0.2:9877");
        assertThat(this.clientConvention.getHighCardinalityKeyValues(context)).containsExactly(
                KeyValue.of("server.address", "10.0.0.2"), KeyValue.of("server.port", "9877"));
    }

    @Test
    void theCacheOfPeersStaysBounded() {
        for (int port = 0; port < PeerAddress.CACHE_SIZE * 2 + 10; port++) {
            String address = "10.1.2.3:" + port;
            PeerAddress peer = PeerAddress.of(address);
            assertThat(peer.port()).isEqualTo(String.valueOf(port));
            assertThat(PeerAddress.of(new String(address))).isSameAs(peer);
        }
    }

    @Test
    void aSubclassesClientKeyValueStillWins() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        DefaultRemotingClientObservationConvention convention = new DefaultRemotingClientObservationConvention() {
            @Override
            protected KeyValue client(RemotingClientObservationContext context) {
                return KeyValue.of("client", "renamed");
            }
        };
        new ObservationRemotingInterceptor(registry, "audit", convention, null).begin(InterceptedCall.client(
                RemotingCommand.createRequestCommand(1, null), InvokeMode.SYNC, "10.0.0.1:1")).end(null, null);

        assertThat(registry).hasSingleObservationThat().hasLowCardinalityKeyValue("client", "renamed");
    }

    private static RemotingServerObservationContext served(int code, String address, boolean knownCode) {
        return new RemotingServerObservationContext(InterceptedCall.server(
                RemotingCommand.createRequestCommand(code, null), address, knownCode),
                RemotingInterceptorFactory.NO_CLIENT);
    }

    private static RemotingClientObservationContext calling(int code, String address) {
        return new RemotingClientObservationContext(InterceptedCall.client(
                RemotingCommand.createRequestCommand(code, null), InvokeMode.SYNC, address), "audit");
    }
}
