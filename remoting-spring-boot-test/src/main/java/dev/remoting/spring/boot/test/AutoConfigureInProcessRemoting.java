package dev.remoting.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Switches the auto-configured remoting server and every auto-configured client of a test's application context to
 * the in-process transport: no port is opened, and the calls still go through the same codec, dispatch, executors,
 * hooks, metrics and endpoint as over TCP, only faster and without port clashes between tests running at once.
 *
 * <pre>
 * &#64;SpringBootTest
 * &#64;AutoConfigureInProcessRemoting
 * class OrderHandlerTests {
 *
 *     &#64;Autowired
 *     OrderApi orders;                 // an &#64;ImportRemotingClients interface, on the default client
 *
 *     &#64;Autowired
 *     RemotingClient client;           // client.invokeSync(null, request, 3000) reaches the server too
 *
 *     &#64;Test
 *     void placesAnOrder() {
 *         assertThat(orders.place(new Order("book"))).isEqualTo("accepted");
 *     }
 * }
 * </pre>
 *
 * For each application context it creates, the annotation sets, ahead of every other property source:
 * <ul>
 * <li>{@code remoting.server.in-process-name} to a name unique in the JVM, so that the server binds in-process
 * under it instead of to {@code remoting.server.port} (bind address, socket options, TLS and the PROXY protocol do
 * not apply);</li>
 * <li>{@code remoting.client.name-servers}, and {@code remoting.clients.<name>.name-servers} of every named client
 * configured, to the server's address {@code local:<name>}, so that declarative clients and calls with a
 * {@code null} address reach it. Calls to an explicit {@code host:port} still go over TCP.</li>
 * </ul>
 * Once started, the server publishes {@code local.remoting.server.address} ({@code local:<name>}) instead of
 * {@code local.remoting.server.port}; its {@code localListenPort()} is -1. A client built by the test itself
 * reaches the server at that address ({@code @Value("${local.remoting.server.address}")}). With the server turned
 * off ({@code remoting.server.enabled=false}) the clients still point in-process, and their calls fail to connect.
 * Test classes with the annotation share a cached context as they would without it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureInProcessRemoting {
}
