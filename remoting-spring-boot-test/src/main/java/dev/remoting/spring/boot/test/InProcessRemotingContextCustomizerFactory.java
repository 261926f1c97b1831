package dev.remoting.spring.boot.test;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives a test class with {@link AutoConfigureInProcessRemoting} (on it, a superclass or, for {@code @Nested}
 * classes, an enclosing one) the customizer that switches its context to the in-process transport.
 */
final class InProcessRemotingContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureInProcessRemoting.class)
                ? new InProcessRemotingContextCustomizer() : null;
    }
}
