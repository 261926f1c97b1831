package dev.remoting.spring.boot.autoconfigure.client;

import dev.remoting.annotation.RemotingExchange;
import dev.remoting.spring.annotation.ImportRemotingClients;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Registers the beans {@link ImportRemotingClients} declares: one {@link DeclarativeClientFactoryBean} definition per
 * interface, whose constructor arguments (interface, client name) and target type are all that the bean needs, so
 * that ahead-of-time processing writes the definition out as it is. Applications use the annotation, not this
 * class.
 */
public final class ImportRemotingClientsRegistrar implements ImportBeanDefinitionRegistrar {

    private final Environment environment;

    private final ResourceLoader resourceLoader;

    ImportRemotingClientsRegistrar(Environment environment, ResourceLoader resourceLoader) {
        this.environment = environment;
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Set<AnnotationAttributes> imports = metadata.getMergedRepeatableAnnotationAttributes(
                ImportRemotingClients.class, ImportRemotingClients.Container.class, false);
        for (AnnotationAttributes attributes : imports) {
            String client = attributes.getString("client");
            for (Class<?> type : interfaces(metadata, attributes)) {
                register(registry, type, client, metadata.getClassName());
            }
        }
    }

    private Set<Class<?>> interfaces(AnnotationMetadata metadata, AnnotationAttributes attributes) {
        Set<Class<?>> types = new LinkedHashSet<>(List.of(attributes.getClassArray("types")));
        List<String> packages = new ArrayList<>();
        for (String basePackage : attributes.getStringArray("basePackages")) {
            packages.addAll(List.of(StringUtils.tokenizeToStringArray(
                    this.environment.resolveRequiredPlaceholders(basePackage), ",; \t\n")));
        }
        for (Class<?> basePackageClass : attributes.getClassArray("basePackageClasses")) {
            packages.add(ClassUtils.getPackageName(basePackageClass));
        }
        if (types.isEmpty() && packages.isEmpty()) {
            packages.add(ClassUtils.getPackageName(metadata.getClassName()));
        }
        ClassPathScanningCandidateComponentProvider scanner = new InterfaceScanner(this.environment);
        scanner.setResourceLoader(this.resourceLoader);
        for (String basePackage : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                types.add(ClassUtils.resolveClassName(Objects.requireNonNull(candidate.getBeanClassName()),
                        this.resourceLoader.getClassLoader()));
            }
        }
        return types;
    }

    private static void register(BeanDefinitionRegistry registry, Class<?> type, String client, String importer) {
        if (!type.isInterface() || type.isAnnotation()) {
            throw new IllegalArgumentException("@ImportRemotingClients on " + importer + " names " + type.getName()
                    + ", which is not an interface");
        }
        String shortName = StringUtils.uncapitalizeAsProperty(ClassUtils.getShortName(type));
        Map<String, @Nullable String> clientsByName = new LinkedHashMap<>();
        for (String name : List.of(shortName, type.getName())) {
            if (registry.containsBeanDefinition(name)) {
                clientsByName.put(name, clientOf(registry.getBeanDefinition(name), type));
            }
        }
        for (@Nullable String existing : clientsByName.values()) {
            if (client.equals(existing)) {
                return;
            }
            if (existing != null) {
                throw new IllegalStateException("@ImportRemotingClients on " + importer + " imports " + type.getName()
                        + " for " + describe(client) + ", but it is already imported for " + describe(existing)
                        + "; an interface can have one declarative client bean only");
            }
        }
        String name = clientsByName.containsKey(shortName) ? type.getName() : shortName;
        registry.registerBeanDefinition(name, definition(type, client));
    }

    private static RootBeanDefinition definition(Class<?> type, String client) {
        RootBeanDefinition definition = new RootBeanDefinition(DeclarativeClientFactoryBean.class);
        // Tells the bean factory what the FactoryBean makes before it exists, for injection by type and @MockitoBean;
        // AOT writes the generic target type into the generated definition, so it holds in both modes.
        definition.setTargetType(ResolvableType.forClassWithGenerics(DeclarativeClientFactoryBean.class, type));
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(1, client);
        return definition;
    }

    /** Returns the client name of a declarative client definition for this interface, or null for any other bean. */
    private static @Nullable String clientOf(BeanDefinition definition, Class<?> type) {
        if (!DeclarativeClientFactoryBean.class.getName().equals(definition.getBeanClassName())) {
            return null;
        }
        ValueHolder declared = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, Class.class);
        ValueHolder client = definition.getConstructorArgumentValues().getIndexedArgumentValue(1, String.class);
        if (declared == null || declared.getValue() != type || client == null) {
            return null;
        }
        return (String) client.getValue();
    }

    private static String describe(String client) {
        return client.isEmpty() ? "the default client" : "client '" + client + "'";
    }

    /**
     * Finds interfaces, nested ones included, that carry {@link RemotingExchange} on the type or on one of their own
     * methods; annotation types are interfaces too, and are left out.
     */
    private static final class InterfaceScanner extends ClassPathScanningCandidateComponentProvider {

        InterfaceScanner(Environment environment) {
            super(false, environment);
            String annotation = RemotingExchange.class.getName();
            addIncludeFilter((reader, factory) -> reader.getAnnotationMetadata().hasAnnotation(annotation)
                    || reader.getAnnotationMetadata().hasAnnotatedMethods(annotation));
        }

        @Override
        protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
            AnnotationMetadata metadata = definition.getMetadata();
            return metadata.isInterface() && !metadata.isAnnotation() && metadata.isIndependent();
        }
    }
}
