package dev.remoting.spring.annotation;

import dev.remoting.spring.boot.autoconfigure.client.ImportRemotingClientsRegistrar;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * Declares beans for declarative client interfaces ({@link dev.remoting.annotation.RemotingExchange}): each interface
 * becomes one bean, a proxy from {@link dev.remoting.client.RemotingClientProxyFactory} that calls through a client
 * of the application, ready to be injected by type. Put it on any {@code @Configuration} or
 * {@code @SpringBootApplication} class; repeat it to bind interfaces to different clients.
 *
 * <pre>
 * &#64;SpringBootApplication
 * &#64;ImportRemotingClients(NameServerApi.class)                        // the default client, remoting.client
 * &#64;ImportRemotingClients(client = "audit", basePackages = "com.example.audit.api") // remoting.clients.audit
 * class OrdersApplication { }
 *
 * &#64;Service
 * class Orders {
 *     Orders(NameServerApi nameServer, AuditApi audit) { ... }
 * }
 * </pre>
 *
 * <p><b>Which interfaces.</b> Those of {@link #types()}, whatever their annotations, and those found in
 * {@link #basePackages()} and {@link #basePackageClasses()} (and their sub-packages): every interface that carries
 * {@code @RemotingExchange} itself or declares at least one method that does. An interface that only inherits its
 * {@code @RemotingExchange} methods is not found by scanning; name it in {@code types}. When none of the three is
 * given, the package of the annotated class is scanned, as {@code @ComponentScan} does. Each interface is checked
 * when its bean is created: one the proxy cannot call fails start-up with a message naming the method.
 *
 * <p><b>Which client.</b> {@link #client()} empty (the default) calls through the application's
 * {@link dev.remoting.RemotingClient} bean, the default client of {@code remoting.client.*}; a name calls through the
 * client of {@code remoting.clients.<name>.*} (see {@code RemotingClients}). A name that is not configured, or a
 * default client that is turned off ({@code remoting.client.enabled=false}), fails start-up with a message naming the
 * interface and the property. Typed bodies go through the context's {@link dev.remoting.codec.BodyCodec} bean.
 *
 * <p><b>Timeouts.</b> A call takes the timeout of its method's {@code @RemotingExchange}, else the interface's, else
 * the client's {@code default-timeout}:
 *
 * <pre>
 * remoting:
 *   client:
 *     default-timeout: 3s           # the default; for interfaces bound to the default client
 *   clients:
 *     audit:
 *       name-servers: 10.0.1.1:9876 # where calls without an address go
 *       default-timeout: 500ms      # for interfaces bound to "audit"
 * </pre>
 *
 * <p><b>Bean names.</b> An interface's bean is named as Spring names a scanned component: its short class name,
 * decapitalised ({@code nameServerApi}; {@code outer.InnerApi} for a nested one). When a bean of that name already
 * exists, the fully qualified class name is used instead. An interface imported twice for the same client gives one
 * bean; for two different clients, start-up fails, since injection by type could not choose between them.
 *
 * <p>The beans are {@link org.springframework.beans.factory.FactoryBean}s that declare the type they make, so they
 * are found by type before they are created ({@code @MockitoBean} replaces them) and work ahead of time: the starter
 * registers the JDK-proxy and reflection hints the proxies need.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(ImportRemotingClients.Container.class)
@Import(ImportRemotingClientsRegistrar.class)
public @interface ImportRemotingClients {

    /** Alias for {@link #types()}. */
    @AliasFor("types")
    Class<?>[] value() default {};

    /** Interfaces to import, whether or not they carry {@code @RemotingExchange} themselves. */
    @AliasFor("value")
    Class<?>[] types() default {};

    /** Packages to scan for interfaces, sub-packages included. */
    String[] basePackages() default {};

    /** Classes whose packages to scan for interfaces: a type-safe {@link #basePackages()}. */
    Class<?>[] basePackageClasses() default {};

    /**
     * Name of the client to call through: empty for the default client ({@code remoting.client}), otherwise the name
     * of a {@code remoting.clients.<name>} entry.
     */
    String client() default "";

    /** Holds repeated {@link ImportRemotingClients} annotations; the compiler writes it, applications need not. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Import(ImportRemotingClientsRegistrar.class)
    @interface Container {

        ImportRemotingClients[] value();
    }
}
