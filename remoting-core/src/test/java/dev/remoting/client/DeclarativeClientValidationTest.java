package dev.remoting.client;

import dev.remoting.RemotingClient;
import dev.remoting.annotation.Address;
import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What {@code createClient} refuses, once and up front, with a message naming the method and what is supported. */
class DeclarativeClientValidationTest {

    /** Fails every call: validation must not need one. */
    private static final RemotingClient CLIENT = (RemotingClient) Proxy.newProxyInstance(
            RemotingClient.class.getClassLoader(), new Class<?>[] {RemotingClient.class}, (proxy, method, args) -> {
                throw new AssertionError("no call expected: " + method);
            });
    private static final RemotingClientProxyFactory FACTORY = RemotingClientProxyFactory.builder(CLIENT).build();

    interface Header extends CommandCustomHeader {
    }

    interface Shapes {
        @RemotingExchange(code = 1)
        void none();

        @RemotingExchange(code = 2)
        RemotingCommand all(Header header, @Body ByteBuffer body, @Address String addr);

        @RemotingExchange(code = 3)
        Map<String, List<Integer>> generic(@Body Object body);

        @RemotingExchange(code = 4)
        CompletableFuture<Void> async(@Address String addr, @Body byte[] body);

        @RemotingExchange(code = 5, oneway = true)
        void oneway(Header header);

        @Override
        String toString();

        static Shapes unused() {
            throw new UnsupportedOperationException();
        }

        default int calls() {
            return 1;
        }
    }

    @Test
    void everySupportedShapeIsAccepted() {
        assertThat(FACTORY.createClient(Shapes.class)).isNotNull();
    }

    @Test
    void aClassIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> FACTORY.createClient(String.class))
                .withMessageContaining("java.lang.String is not an interface");
    }

    interface Unannotated {
        String route(String topic);
    }

    @Test
    void anAbstractMethodWithoutRemotingExchangeIsRefused() {
        assertRefused(Unannotated.class, "Unannotated.route(String)", "needs @RemotingExchange");
    }

    interface NoCode {
        @RemotingExchange
        void call();
    }

    @Test
    void aMethodWithoutACodeIsRefused() {
        assertRefused(NoCode.class, "NoCode.call()", "code >= 0, was -1");
    }

    @RemotingExchange(code = 7)
    interface CodeOnTheInterface {
        @RemotingExchange(code = 1)
        void call();
    }

    @Test
    void aCodeOnTheInterfaceIsRefused() {
        assertRefused(CodeOnTheInterface.class, "CodeOnTheInterface", "code and oneway belong on each method");
    }

    @RemotingExchange(oneway = true)
    interface OnewayOnTheInterface {
        @RemotingExchange(code = 1)
        void call();
    }

    @Test
    void onewayOnTheInterfaceIsRefused() {
        assertRefused(OnewayOnTheInterface.class, "OnewayOnTheInterface", "code and oneway belong on each method");
    }

    interface TwoHeaders {
        @RemotingExchange(code = 1)
        void call(Header first, Header second);
    }

    @Test
    void twoHeadersAreRefused() {
        assertRefused(TwoHeaders.class, "TwoHeaders.call(Header, Header)", "more than one CommandCustomHeader");
    }

    interface TwoBodies {
        @RemotingExchange(code = 1)
        void call(@Body byte[] first, @Body String second);
    }

    @Test
    void twoBodiesAreRefused() {
        assertRefused(TwoBodies.class, "TwoBodies.call(byte[], String)", "more than one @Body");
    }

    interface TwoAddresses {
        @RemotingExchange(code = 1)
        void call(@Address String first, @Address String second);
    }

    @Test
    void twoAddressesAreRefused() {
        assertRefused(TwoAddresses.class, "TwoAddresses.call(String, String)", "more than one @Address");
    }

    interface AddressNotAString {
        @RemotingExchange(code = 1)
        void call(@Address Integer port);
    }

    @Test
    void anAddressThatIsNotAStringIsRefused() {
        assertRefused(AddressNotAString.class, "AddressNotAString.call(Integer)", "must be a String");
    }

    interface BodyAndAddress {
        @RemotingExchange(code = 1)
        void call(@Body @Address String both);
    }

    @Test
    void aParameterMarkedBodyAndAddressIsRefused() {
        assertRefused(BodyAndAddress.class, "BodyAndAddress.call(String)", "both @Body and @Address");
    }

    interface PrimitiveBody {
        @RemotingExchange(code = 1)
        void call(@Body int count);
    }

    @Test
    void aPrimitiveBodyIsRefused() {
        assertRefused(PrimitiveBody.class, "PrimitiveBody.call(int)", "primitive");
    }

    interface StrayParameter {
        @RemotingExchange(code = 1)
        void call(Header header, String topic);
    }

    @Test
    void aParameterThatIsNeitherHeaderBodyNorAddressIsRefused() {
        assertRefused(StrayParameter.class, "StrayParameter.call(Header, String)",
                "parameter 2 (String) is neither a CommandCustomHeader nor marked @Body or @Address", "supported");
    }

    interface OnewayWithResult {
        @RemotingExchange(code = 1, oneway = true)
        String call();
    }

    @Test
    void aOnewayMethodWithAResultIsRefused() {
        assertRefused(OnewayWithResult.class, "OnewayWithResult.call()", "must return void");
    }

    @SuppressWarnings("rawtypes")
    interface RawFuture {
        @RemotingExchange(code = 1)
        CompletableFuture call();
    }

    @Test
    void aRawCompletableFutureIsRefused() {
        assertRefused(RawFuture.class, "RawFuture.call()", "raw CompletableFuture", "CompletableFuture<Void>");
    }

    interface WildcardFuture {
        @RemotingExchange(code = 1)
        CompletableFuture<?> call();
    }

    @Test
    void aFutureOfAnUnknownTypeIsRefused() {
        assertRefused(WildcardFuture.class, "WildcardFuture.call()", "not known");
    }

    interface StageResult {
        @RemotingExchange(code = 1)
        CompletionStage<String> call();
    }

    @Test
    void anotherKindOfFutureIsRefused() {
        assertRefused(StageResult.class, "StageResult.call()", "return a CompletableFuture");
    }

    interface AbstractHeaderResult {
        @RemotingExchange(code = 1)
        Header call();
    }

    @Test
    void aHeaderResultThatCannotBeMadeIsRefused() {
        assertRefused(AbstractHeaderResult.class, "AbstractHeaderResult.call()", "concrete CommandCustomHeader");
    }

    interface PrimitiveResult {
        @RemotingExchange(code = 1)
        long call();
    }

    @Test
    void aPrimitiveResultIsRefused() {
        assertRefused(PrimitiveResult.class, "PrimitiveResult.call()", "cannot be null", "wrapper");
    }

    private static void assertRefused(Class<?> type, String method, String... fragments) {
        assertThatIllegalArgumentException().isThrownBy(() -> FACTORY.createClient(type))
                .withMessageStartingWith(method + ":")
                .withMessageContainingAll(fragments);
    }
}
