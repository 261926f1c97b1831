package dev.remoting.netty;

import dev.remoting.annotation.Address;
import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.annotation.RemotingExchange.Serialize;
import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingInvocationException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.netty.RecordingClient.Call;
import dev.remoting.protocol.SerializeType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static dev.remoting.netty.DeclarativeFixture.ECHO;
import static dev.remoting.netty.DeclarativeFixture.EMPTY;
import static dev.remoting.netty.DeclarativeFixture.STALL;
import static dev.remoting.netty.LoopbackFixture.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where declarative calls go, how long they wait, how their headers are serialized, and how checked failures leave. */
@ExtendWith(ProvokedLogs.class)
class DeclarativeRoutingTest {

    private static final String INTERFACE_HOST = "interface-host:1";
    private static final String METHOD_HOST = "method-host:1";

    @RemotingExchange(address = INTERFACE_HOST, timeoutMillis = 5000, serializeType = Serialize.ROCKETMQ)
    interface AnnotatedApi {
        @RemotingExchange(code = ECHO, address = METHOD_HOST, timeoutMillis = 200, serializeType = Serialize.JSON)
        byte[] ownSettings(@Body byte[] body);

        @RemotingExchange(code = ECHO)
        byte[] interfaceSettings(@Body byte[] body);

        @RemotingExchange(code = ECHO)
        byte[] to(@Address String addr, @Body byte[] body);
    }

    interface PlainApi {
        @RemotingExchange(code = ECHO)
        byte[] echo(@Body byte[] body);

        @RemotingExchange(code = ECHO)
        CompletableFuture<byte[]> echoAsync(@Body byte[] body);

        @RemotingExchange(code = EMPTY, oneway = true)
        void fire();
    }

    interface StallingApi {
        @RemotingExchange(code = STALL, timeoutMillis = 200)
        void declared() throws RemotingTimeoutException;

        @RemotingExchange(code = STALL, timeoutMillis = 200)
        void declaredAsSuperType() throws RemotingException;

        @RemotingExchange(code = STALL, timeoutMillis = 200)
        void undeclared();

        @RemotingExchange(code = ECHO)
        void interruptible() throws InterruptedException;
    }

    private final DeclarativeFixture fixture = new DeclarativeFixture();
    private final RecordingClient recording = RecordingClient.of(fixture.client)
            .route(INTERFACE_HOST, fixture.addr()).route(METHOD_HOST, fixture.addr());

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void theMethodsSettingsWinOverTheInterfacesWhichWinOverTheFactorysAndTheClients() throws Exception {
        AnnotatedApi api = DeclarativeFixture.factory(recording.client()).defaultAddress("factory-host:1")
                .defaultTimeout(Duration.ofSeconds(7)).build().createClient(AnnotatedApi.class);
        PlainApi plain = DeclarativeFixture.factory(recording.client()).defaultAddress(fixture.addr())
                .defaultTimeout(Duration.ofSeconds(7)).build().createClient(PlainApi.class);

        api.ownSettings(new byte[] {1});
        api.interfaceSettings(new byte[] {2});
        plain.echo(new byte[] {3});

        assertThat(recording.calls).containsExactly(new Call("invokeSync", METHOD_HOST, 200),
                new Call("invokeSync", INTERFACE_HOST, 5000), new Call("invokeSync", fixture.addr(), 7000));
        assertThat(fixture.nextReceived().getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.JSON);
        assertThat(fixture.nextReceived().getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(fixture.nextReceived().getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void anAddressArgumentWinsOverEveryAnnotationAndANullOneMeansTheNameServers() throws Exception {
        fixture.client.updateNameServerAddressList(List.of(fixture.addr()));
        AnnotatedApi api = DeclarativeFixture.factory(recording.client()).build().createClient(AnnotatedApi.class);

        assertThat(api.to(fixture.addr(), new byte[] {1})).containsExactly(1);
        assertThat(api.to(null, new byte[] {2})).containsExactly(2);

        assertThat(recording.calls).extracting(Call::addr).containsExactly(fixture.addr(), null);
        assertThat(fixture.nextReceived().getBody()).containsExactly(1);
        assertThat(fixture.nextReceived().getBody()).containsExactly(2);
    }

    @Test
    void withNoAddressAnywhereCallsGoToTheNameServers() throws Exception {
        fixture.client.updateNameServerAddressList(List.of(fixture.addr()));
        PlainApi api = DeclarativeFixture.factory(fixture.client).build().createClient(PlainApi.class);

        assertThat(api.echo(new byte[] {1})).containsExactly(1);
        assertThat(api.echoAsync(new byte[] {2}).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).containsExactly(2);
        api.fire();

        assertThat(fixture.nextReceived().getBody()).containsExactly(1);
        assertThat(fixture.nextReceived().getBody()).containsExactly(2);
        assertThat(fixture.nextReceived().isOnewayRPC()).isTrue();
        assertThat(fixture.client.getChosenNameServer()).isEqualTo(fixture.addr());
    }

    @Test
    void aShortMethodTimeoutFiresAsItselfWhenDeclaredAndWrappedWhenNot() {
        // Kept open on timeout, so that each call times out rather than finding the last one's connection closing.
        NettyClientConfig config = LoopbackFixture.clientConfig();
        config.setClientCloseSocketIfTimeout(false);
        RecordingClient client = RecordingClient.of(fixture.loopback.client(config, null));
        StallingApi api = DeclarativeFixture.factory(client.client()).defaultAddress(fixture.addr())
                .defaultTimeout(Duration.ofSeconds(30)).build().createClient(StallingApi.class);

        assertThatThrownBy(api::declared).isInstanceOf(RemotingTimeoutException.class);
        assertThatThrownBy(api::declaredAsSuperType).isInstanceOf(RemotingTimeoutException.class);
        assertThatThrownBy(api::undeclared).isInstanceOf(RemotingInvocationException.class)
                .hasMessageContaining("StallingApi.undeclared()")
                .hasCauseInstanceOf(RemotingTimeoutException.class);
        assertThat(client.calls).extracting(Call::timeoutMillis).containsOnly(200L);
    }

    @Test
    void anInterruptLeavesAsItselfWhenDeclaredAndOtherwiseWrappedWithTheInterruptFlagSetAgain() {
        recording.failWith(new InterruptedException("interrupted on purpose"));
        StallingApi api = DeclarativeFixture.factory(recording.client()).build().createClient(StallingApi.class);

        assertThatThrownBy(api::interruptible).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();

        assertThatThrownBy(api::undeclared).isInstanceOf(RemotingInvocationException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt flag, set again and cleared here").isTrue();
    }
}
