package dev.remoting.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the port the remoting server bound, the {@code local.remoting.server.port} property the starter publishes
 * once the server has started: the real one when {@code remoting.server.port=0} asked for a free port. As Boot's
 * {@code @LocalServerPort} does for the web server, on a field or a parameter of a {@code @SpringBootTest}.
 *
 * <pre>
 * &#64;SpringBootTest(properties = "remoting.server.port=0")
 * class OrdersServerTests {
 *     &#64;LocalRemotingServerPort
 *     int port;
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Value("${local.remoting.server.port}")
public @interface LocalRemotingServerPort {
}
