package dev.remoting.spring.boot.autoconfigure.handler;

import static dev.remoting.spring.boot.autoconfigure.handler.HandlerFixtures.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link HandlerRegistry} accepts, what it rejects, and what it tells the endpoint. */
class HandlerRegistryTests {

    private final HandlerRegistry registry = new HandlerRegistry();

    @Test
    void twoHandlersOfOneCodeOnOneSideAreRejectedNamingBoth() {
        this.registry.addAll(List.of(method("send"), method("alsoTen")));
        assertThatIllegalStateException().isThrownBy(this.registry::checkedHandlers).withMessage(
                "Request code 10 on the server has two handlers: method 'fixtures#send' and method 'fixtures#alsoTen'");
    }

    @Test
    void oneCodeMayHaveAHandlerOnEachSide() {
        this.registry.addAll(List.of(method("send"), method("tenOnClient")));
        assertThat(this.registry.checkedHandlers()).extracting(HandlerRegistration::methodName)
                .containsExactly("send", "tenOnClient");
    }

    @Test
    void aHandlerWithoutCodesIsRejected() {
        this.registry.addAll(List.of(method("noCode")));
        assertThatIllegalStateException().isThrownBy(this.registry::checkedHandlers)
                .withMessage("method 'fixtures#noCode' declares no request code");
    }

    @Test
    void theEndpointSeesNothingUntilTheHandlersAreRegisteredThenOnlyThem() {
        this.registry.addAll(List.of(method("send")));
        assertThat(this.registry.isComplete()).isFalse();
        assertThat(this.registry.registrations()).isEmpty();

        HandlerRegistration registered = method("both").withExecutor("fixtures.both");
        this.registry.registered(List.of(registered));

        assertThat(this.registry.isComplete()).isTrue();
        assertThat(this.registry.registrations()).containsExactly(registered);
        assertThat(this.registry.checkedHandlers()).isEmpty();
    }
}
