package dev.remoting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents that a {@link dev.remoting.protocol.CommandCustomHeader} field may be absent. Fields are optional by
 * default; the annotation exists so that RocketMQ header classes port unchanged.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface CFNullable {
}
