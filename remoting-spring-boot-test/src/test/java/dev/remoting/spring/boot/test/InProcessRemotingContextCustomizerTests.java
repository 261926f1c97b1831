package dev.remoting.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/** What {@link AutoConfigureInProcessRemoting} sets, and for which test classes. */
class InProcessRemotingContextCustomizerTests {

    private final InProcessRemotingContextCustomizerFactory factory = new InProcessRemotingContextCustomizerFactory();

    @AutoConfigureInProcessRemoting
    static class Annotated {
    }

    static class Plain {
    }

    @AutoConfigureInProcessRemoting
    static class Enclosing {

        @Nested
        class Inner {
        }
    }

    @Test
    void onlyAnnotatedTestClassesAndTheirNestedOnesGetTheCustomizer() {
        assertThat(this.factory.createContextCustomizer(Annotated.class, List.of())).isNotNull();
        assertThat(this.factory.createContextCustomizer(Enclosing.Inner.class, List.of())).isNotNull();
        assertThat(this.factory.createContextCustomizer(Plain.class, List.of())).isNull();
    }

    @Test
    void annotatedTestClassesShareCachedContexts() {
        assertThat(this.factory.createContextCustomizer(Annotated.class, List.of()))
                .isEqualTo(this.factory.createContextCustomizer(Enclosing.class, List.of()))
                .hasSameHashCodeAs(this.factory.createContextCustomizer(Enclosing.class, List.of()));
    }

    @Test
    void everyContextGetsItsOwnServerNameAndEveryClientPointsAtIt() {
        MockEnvironment first = customize(new MockEnvironment()
                .withProperty("remoting.clients.audit.async-permits", "3")
                .withProperty("remoting.clients[billing-eu].name-servers", "10.0.0.1:9876")
                .withProperty("remoting.client.name-servers", "10.0.0.2:9876"));
        MockEnvironment second = customize(new MockEnvironment());

        String name = first.getProperty("remoting.server.in-process-name");
        assertThat(name).isNotNull().isNotEqualTo(second.getProperty("remoting.server.in-process-name"));
        assertThat(first.getProperty("remoting.client.name-servers")).isEqualTo("local:" + name);
        assertThat(first.getProperty("remoting.clients.audit.name-servers")).isEqualTo("local:" + name);
        assertThat(first.getProperty("remoting.clients.billing-eu.name-servers")).isEqualTo("local:" + name);
        assertThat(second.containsProperty("remoting.clients.audit.name-servers")).isFalse();
    }

    private MockEnvironment customize(MockEnvironment environment) {
        ContextCustomizer customizer = this.factory.createContextCustomizer(Annotated.class, List.of());
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(environment);
        customizer.customizeContext(context, mock(MergedContextConfiguration.class));
        return environment;
    }
}
