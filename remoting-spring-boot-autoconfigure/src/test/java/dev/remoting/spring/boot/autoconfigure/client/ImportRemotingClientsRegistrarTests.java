package dev.remoting.spring.boot.autoconfigure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.remoting.spring.annotation.ImportRemotingClients;
import dev.remoting.spring.boot.autoconfigure.client.scan.ScanItsOwnPackage;
import dev.remoting.spring.boot.autoconfigure.client.scan.ScannedByMethod;
import dev.remoting.spring.boot.autoconfigure.client.scan.ScannedOnType;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.mock.env.MockEnvironment;

/**
 * What {@link ImportRemotingClients} registers, before any bean exists: which interfaces, under which names, bound
 * to which client, and typed so that injection by type finds them without creating them.
 */
class ImportRemotingClientsRegistrarTests {

    private final DefaultListableBeanFactory registry = new DefaultListableBeanFactory();

    @Test
    void aTypeIsRegisteredUnderItsDecapitalisedNameAndFoundByTypeBeforeItIsCreated() {
        register(ImportsEcho.class);

        assertThat(this.registry.getBeanDefinitionNames()).containsExactly("echoApi");
        assertThat(this.registry.getBeanNamesForType(EchoApi.class, true, false)).containsExactly("echoApi");
        assertThat(this.registry.getType("echoApi", false)).isEqualTo(EchoApi.class);
        assertThat(clientOf("echoApi")).isEmpty();
    }

    @Test
    void scanningFindsInterfacesAnnotatedOnTheTypeOrOnOneOfTheirOwnMethods() {
        register(ScansPackage.class);

        assertThat(this.registry.getBeanDefinitionNames())
                .containsExactlyInAnyOrder("scannedOnType", "scannedByMethod", "scannedByMethod.Nested");
        assertThat(this.registry.getType("scannedByMethod.Nested", false)).isEqualTo(ScannedByMethod.Nested.class);
    }

    @Test
    void basePackagesMayBePlaceholders() {
        MockEnvironment environment = new MockEnvironment().withProperty("apis.package",
                ScannedOnType.class.getPackageName());
        register(ScansPlaceholder.class, environment);

        assertThat(this.registry.getBeanDefinitionNames()).contains("scannedOnType");
    }

    @Test
    void withoutTypesOrPackagesThePackageOfTheAnnotatedClassIsScanned() {
        register(ScanItsOwnPackage.class);

        assertThat(this.registry.getBeanDefinitionNames())
                .containsExactlyInAnyOrder("scannedOnType", "scannedByMethod", "scannedByMethod.Nested");
        assertThat(clientOf("scannedOnType")).isEqualTo("audit");
    }

    @Test
    void eachRepetitionBindsItsOwnInterfacesToItsOwnClient() {
        register(TwoClients.class);

        assertThat(clientOf("echoApi")).isEmpty();
        assertThat(clientOf("auditApi")).isEqualTo("audit");
    }

    /** How the registrar sees a configuration class that component scanning found, without loading it. */
    @Test
    void annotationsReadFromBytecodeRegisterTheSameBeans() throws IOException {
        for (Class<?> configuration : List.of(TwoClients.class, ScansPackage.class)) {
            DefaultListableBeanFactory fromClass = new DefaultListableBeanFactory();
            DefaultListableBeanFactory fromBytecode = new DefaultListableBeanFactory();
            registrar(new StandardEnvironment()).registerBeanDefinitions(AnnotationMetadata.introspect(configuration),
                    fromClass);
            registrar(new StandardEnvironment()).registerBeanDefinitions(new SimpleMetadataReaderFactory()
                    .getMetadataReader(configuration.getName()).getAnnotationMetadata(), fromBytecode);

            assertThat(fromBytecode.getBeanDefinitionNames()).as(configuration.getSimpleName()).isNotEmpty()
                    .containsExactlyInAnyOrder(fromClass.getBeanDefinitionNames());
        }
    }

    @Test
    void aNameThatIsTakenGivesWayToTheFullyQualifiedName() {
        this.registry.registerBeanDefinition("echoApi", new RootBeanDefinition(String.class));

        register(ImportsEcho.class);

        assertThat(this.registry.getBeanNamesForType(EchoApi.class, true, false))
                .containsExactly(EchoApi.class.getName());
    }

    @Test
    void anInterfaceImportedTwiceForOneClientIsOneBean() {
        register(ImportsEcho.class);
        register(ImportsEcho.class);
        this.registry.registerBeanDefinition("echoApi2", new RootBeanDefinition(String.class));
        register(ImportsEchoAgain.class);

        assertThat(this.registry.getBeanNamesForType(EchoApi.class, true, false)).containsExactly("echoApi");
    }

    @Test
    void anInterfaceImportedForTwoClientsFailsNamingBoth() {
        register(ImportsEcho.class);

        assertThatIllegalStateException().isThrownBy(() -> register(ImportsEchoForAudit.class))
                .withMessageContaining(EchoApi.class.getName())
                .withMessageContaining("client 'audit'")
                .withMessageContaining("already imported for the default client");
    }

    @Test
    void aClassAmongTheTypesFailsNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> register(ImportsClass.class))
                .withMessageContaining(String.class.getName())
                .withMessageContaining(ImportsClass.class.getName())
                .withMessageContaining("not an interface");
    }

    private void register(Class<?> configuration) {
        register(configuration, new StandardEnvironment());
    }

    private void register(Class<?> configuration, Environment environment) {
        registrar(environment).registerBeanDefinitions(AnnotationMetadata.introspect(configuration), this.registry);
    }

    private static ImportRemotingClientsRegistrar registrar(Environment environment) {
        return new ImportRemotingClientsRegistrar(environment, new DefaultResourceLoader());
    }

    private String clientOf(String beanName) {
        BeanDefinition definition = this.registry.getBeanDefinition(beanName);
        return (String) definition.getConstructorArgumentValues().getIndexedArgumentValue(1, String.class).getValue();
    }

    @ImportRemotingClients(EchoApi.class)
    static class ImportsEcho {
    }

    @ImportRemotingClients(types = EchoApi.class)
    static class ImportsEchoAgain {
    }

    @ImportRemotingClients(types = EchoApi.class, client = "audit")
    static class ImportsEchoForAudit {
    }

    @ImportRemotingClients(basePackageClasses = ScannedOnType.class)
    static class ScansPackage {
    }

    @ImportRemotingClients(basePackages = "${apis.package}")
    static class ScansPlaceholder {
    }

    @ImportRemotingClients(EchoApi.class)
    @ImportRemotingClients(client = "audit", types = AuditApi.class)
    static class TwoClients {
    }

    @ImportRemotingClients(String.class)
    static class ImportsClass {
    }
}
