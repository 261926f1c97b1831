package dev.remoting.spring.boot.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.RemotingClient;
import dev.remoting.annotation.Address;
import dev.remoting.annotation.Body;
import dev.remoting.annotation.RemotingExchange;
import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyRemotingClient;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.annotation.ImportRemotingClients;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

/**
 * Declarative clients ahead of time: the hints their proxies need at run time, and their bean definitions written
 * out as code, compiled and run, as an application started with {@code -Dspring.aot.enabled=true} runs them.
 */
class DeclarativeClientAotProcessorTests {

    /** A nested interface is named as Spring names a nested component. */
    private static final String ORDER_API = "declarativeClientAotProcessorTests.OrderApi";

    private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

    @Test
    void theInterfaceGetsItsJdkProxyAndItsMethodsAreInvocable() throws Exception {
        RuntimeHints hints = hintsFor(ORDER_API);

        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(OrderApi.class)).accepts(hints);
        assertThat(reflection.onMethodInvocation(OrderApi.class.getMethod("place", Order.class, String.class)))
                .accepts(hints);
        assertThat(reflection.onMethodInvocation(OrderApi.class.getMethod("describe"))).accepts(hints);
        assertThat(reflection.onMethodInvocation(BaseApi.class.getMethod("ping"))).accepts(hints);
    }

    @Test
    void headersSentAndReceivedAreInstantiableAndTheirFieldsAccessible() throws Exception {
        RuntimeHints hints = hintsFor(ORDER_API);

        for (Class<?> header : List.of(QueryHeader.class, StatusHeader.class)) {
            assertThat(reflection.onConstructorInvocation(header.getDeclaredConstructor())).accepts(hints);
            assertThat(reflection.onFieldAccess(header.getDeclaredFields()[0])).accepts(hints);
        }
    }

    @Test
    void typedBodiesAreBoundAsJacksonBindsThemGenericsAndFuturesIncluded() throws Exception {
        RuntimeHints hints = hintsFor(ORDER_API);

        assertThat(reflection.onType(Order.class)).accepts(hints);
        assertThat(reflection.onMethodInvocation(Order.class.getMethod("id"))).accepts(hints);
        assertThat(reflection.onType(Line.class)).accepts(hints);
        assertThat(reflection.onType(Receipt.class)).accepts(hints);
        assertThat(reflection.onType(RemotingCommand.class)).rejects(hints);
    }

    @Test
    void otherBeansContributeNothing() {
        try (AnnotationConfigApplicationContext context = aotContext()) {
            assertThat(new DeclarativeClientAotProcessor().processAheadOfTime(RegisteredBean.of(
                    context.getBeanFactory(), "org.springframework.context.event.internalEventListenerProcessor")))
                    .isNull();
        }
    }

    @Test
    void theProcessorIsRegisteredForAheadOfTimeProcessing() {
        assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
                .hasAtLeastOneElementOfType(DeclarativeClientAotProcessor.class);
    }

    @Test
    void theGeneratedBeanDefinitionsCompileAndMakeTheProxyFoundByType(@TempDir Path directory) throws Exception {
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        DefaultGenerationContext generation = generationContext(
                ClassName.get(getClass().getPackageName(), "AotApplication"), files);
        ClassName initializerName;
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.register(Apis.class);
            // Refreshes the context for AOT processing itself.
            initializerName = new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        }
        generation.writeGeneratedContent();
        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(OrderApi.class))
                .accepts(generation.getRuntimeHints());

        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        try (URLClassLoader classLoader = compile(files.getGeneratedFiles(Kind.SOURCE), directory);
                GenericApplicationContext context = new GenericApplicationContext()) {
            context.setClassLoader(classLoader);
            context.registerBean(RemotingClient.class, () -> client);
            initializer(classLoader, initializerName).initialize(context);
            // What @MockitoBean and injection by type rely on: the type known before the bean exists.
            assertThat(context.getBeanFactory().getBeanNamesForType(OrderApi.class, true, false))
                    .containsExactly(ORDER_API);
            context.refresh();

            assertThat(context.getBeanNamesForType(OrderApi.class)).containsExactly(ORDER_API);
            OrderApi api = context.getBean(OrderApi.class);
            assertThat(Proxy.isProxyClass(api.getClass())).isTrue();
            assertThat(api.describe()).isEqualTo("orders");
        } finally {
            client.shutdown();
        }
    }

    private static RuntimeHints hintsFor(String beanName) throws ReflectiveOperationException {
        try (AnnotationConfigApplicationContext context = aotContext()) {
            BeanRegistrationAotContribution contribution = new DeclarativeClientAotProcessor()
                    .processAheadOfTime(RegisteredBean.of(context.getBeanFactory(), beanName));
            assertThat(contribution).isNotNull();
            DefaultGenerationContext generation = generationContext(
                    ClassName.get(DeclarativeClientAotProcessorTests.class), new InMemoryGeneratedFiles());
            contribution.applyTo(generation, null);
            return generation.getRuntimeHints();
        }
    }

    /**
     * Spring Framework 7.1 renamed the generation context's name generator ({@code ClassNameGenerator} became
     * {@code NameGenerator}), and these tests also run on Boot 4.1, which has Framework 7.0: whichever the class path
     * has is made by reflection.
     */
    private static DefaultGenerationContext generationContext(ClassName defaultTarget, GeneratedFiles files)
            throws ReflectiveOperationException {
        Class<?> generatorType;
        try {
            generatorType = Class.forName("org.springframework.aot.generate.NameGenerator");
        } catch (ClassNotFoundException framework70) {
            generatorType = Class.forName("org.springframework.aot.generate.ClassNameGenerator");
        }
        Object generator = generatorType.getConstructor(ClassName.class).newInstance(defaultTarget);
        return DefaultGenerationContext.class.getConstructor(generatorType, GeneratedFiles.class)
                .newInstance(generator, files);
    }

    /** The context as AOT processing sees it: bean definitions only, nothing created. */
    private static AnnotationConfigApplicationContext aotContext() {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(Apis.class);
        context.refreshForAotProcessing(new RuntimeHints());
        return context;
    }

    private static URLClassLoader compile(Map<String, InputStreamSource> sources, Path directory)
            throws IOException {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, InputStreamSource> source : sources.entrySet()) {
            Path file = directory.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            try (InputStream in = source.getValue().getInputStream()) {
                Files.copy(in, file);
            }
            paths.add(file.toString());
        }
        Path classes = Files.createDirectories(directory.resolve("classes"));
        // Surefire runs tests from a manifest-only jar; the real class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "-classpath", classPath, "-d",
                classes.toString()));
        arguments.addAll(paths);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, arguments.toArray(String[]::new))).as("javac").isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, DeclarativeClientAotProcessorTests.class
                .getClassLoader());
    }

    @SuppressWarnings("unchecked")
    private static ApplicationContextInitializer<GenericApplicationContext> initializer(ClassLoader classLoader,
            ClassName name) throws ReflectiveOperationException {
        return (ApplicationContextInitializer<GenericApplicationContext>) classLoader.loadClass(name.reflectionName())
                .getDeclaredConstructor().newInstance();
    }

    // Public, as the generated code runs from a class loader of its own and so outside this package.
    @Configuration(proxyBeanMethods = false)
    @ImportRemotingClients(OrderApi.class)
    public static class Apis {
    }

    public interface BaseApi {

        @RemotingExchange(code = 200)
        void ping();
    }

    public interface OrderApi extends BaseApi {

        @RemotingExchange(code = 201)
        CompletableFuture<Receipt> place(@Body Order order, @Address String address);

        @RemotingExchange(code = 202)
        StatusHeader status(QueryHeader query);

        @RemotingExchange(code = 203)
        RemotingCommand raw(@Body byte[] body);

        /** Runs on the proxy without a call. */
        default String describe() {
            return "orders";
        }
    }

    public record Order(String id, List<Line> lines) {
    }

    public record Line(String sku, int quantity) {
    }

    public record Receipt(String orderId) {
    }

    public static final class QueryHeader implements CommandCustomHeader {

        private String orderId;

        @Override
        public void checkFields() {
        }
    }

    public static final class StatusHeader implements CommandCustomHeader {

        private String status;

        @Override
        public void checkFields() {
        }
    }
}
