package dev.remoting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link dev.remoting.protocol.CommandCustomHeader} field as required. Decoding a header whose
 * {@code extFields} lack the field fails with a {@link dev.remoting.exception.RemotingCommandException} that names
 * it. The name is RocketMQ's, so existing header classes port by changing the import.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface CFNotNull {
}
