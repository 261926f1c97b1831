package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.spring.annotation.RequestCodeHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Where a class declares {@link RequestCodeHandler}: on the class or on methods (its own, inherited or from its
 * interfaces). Handler discovery at run time and the AOT processor at build time both ask here, so that the
 * reflection hints cover exactly the handlers that will be registered.
 */
public final class HandlerAnnotations {

    private HandlerAnnotations() {
    }

    /** Returns the annotation of a class-style handler, or {@code null}. */
    public static @Nullable RequestCodeHandler onClass(Class<?> type) {
        Objects.requireNonNull(type, "type");
        return AnnotatedElementUtils.findMergedAnnotation(type, RequestCodeHandler.class);
    }

    /** Returns the handler methods of the class with their annotations, empty when there are none. */
    public static Map<Method, RequestCodeHandler> onMethods(Class<?> type) {
        Objects.requireNonNull(type, "type");
        return MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<RequestCodeHandler>)
                method -> AnnotatedElementUtils.findMergedAnnotation(method, RequestCodeHandler.class));
    }

    /** Whether the class, or the user class behind a CGLIB proxy class, is a handler of either style. */
    public static boolean isHandler(Class<?> type) {
        Class<?> userType = ClassUtils.getUserClass(type);
        return onClass(userType) != null || !onMethods(userType).isEmpty();
    }
}
