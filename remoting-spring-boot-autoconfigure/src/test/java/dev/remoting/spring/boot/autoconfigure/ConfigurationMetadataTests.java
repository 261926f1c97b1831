package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remoting.client.RemotingClientProxyFactory;
import dev.remoting.netty.NettyClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The property metadata that IDEs and the docs show, as the configuration processor generated it from the field
 * javadoc of the properties classes and additional-spring-configuration-metadata.json.
 */
class ConfigurationMetadataTests {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    @Test
    void everyPropertyHasADescription() throws IOException {
        assertThat(propertiesWhose((type, description) -> description.isBlank())).isEmpty();
    }

    @Test
    void descriptionsDoNotStartWithAnArticle() throws IOException {
        assertThat(propertiesWhose((type, description) -> description.startsWith("The ")
                || description.startsWith("A "))).isEmpty();
    }

    @Test
    void booleanDescriptionsStartWithWhether() throws IOException {
        assertThat(propertiesWhose((type, description) -> "java.lang.Boolean".equals(type)
                && !description.startsWith("Whether "))).isEmpty();
    }

    // Without it, an empty or foreign file would let the tests above pass.
    @Test
    void theMetadataIsThisModulesOwn() throws IOException {
        assertThat(properties()).extracting(property -> property.get("name").asString())
                .contains("remoting.server.port", "remoting.client.ssl.bundle", "remoting.server.auth.enabled",
                        "remoting.server.in-process-name");
    }

    /**
     * The defaults the IDE shows for server and client settings come from
     * additional-spring-configuration-metadata.json, while the defaults that apply live only in the core's configs:
     * setting a property to its documented default must give the very config that leaving it unset gives.
     */
    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("documentedDefaults")
    void aDocumentedDefaultIsTheCoresOwn(String property, String value) {
        RemotingProperties set = bind(Map.of(property, value));
        RemotingProperties unset = bind(Map.of());
        if (property.startsWith("remoting.server.")) {
            assertThat(NettyConfigMapper.server(set.getServer())).usingRecursiveComparison()
                    .isEqualTo(NettyConfigMapper.server(unset.getServer()));
        } else {
            assertThat(client(set)).usingRecursiveComparison().ignoringFields("sslContext").isEqualTo(client(unset));
            assertThat(declarativeTimeout(set)).isEqualTo(declarativeTimeout(unset));
        }
    }

    static List<Arguments> documentedDefaults() throws IOException {
        List<Arguments> defaults = new ArrayList<>();
        for (JsonNode property : properties()) {
            String name = property.get("name").asString();
            if (property.has("defaultValue") && (name.startsWith("remoting.server.")
                    || name.startsWith("remoting.client."))) {
                defaults.add(Arguments.of(name, property.get("defaultValue").asString()));
            }
        }
        assertThat(defaults).as("documented defaults").hasSizeGreaterThan(30);
        return defaults;
    }

    private static RemotingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("remoting",
                RemotingProperties.class);
    }

    /** The one client setting that is not the core config's: the default of declarative clients. */
    private static Duration declarativeTimeout(RemotingProperties properties) {
        Duration timeout = properties.getClient().getDefaultTimeout();
        return timeout != null ? timeout : RemotingClientProxyFactory.DEFAULT_TIMEOUT;
    }

    /** The client's config with TLS on, so that the TLS settings are mapped too. */
    private static NettyClientConfig client(RemotingProperties properties) {
        ClientProperties client = properties.getClient();
        NettyClientConfig config = NettyConfigMapper.client(client);
        client.getSsl().setEnabled(true);
        new RemotingSsl(RemotingProperties.CLIENT.append("ssl"), null).configureClient(client.getSsl(), config);
        return config;
    }

    /** Returns "name: description" of each property whose type and description (both "" when absent) match. */
    private static List<String> propertiesWhose(BiPredicate<String, String> typeAndDescription) throws IOException {
        List<String> matching = new ArrayList<>();
        for (JsonNode property : properties()) {
            String description = property.path("description").asString("");
            if (typeAndDescription.test(property.path("type").asString(""), description)) {
                matching.add(property.get("name").asString() + ": " + description);
            }
        }
        return matching;
    }

    private static List<JsonNode> properties() throws IOException {
        JsonNode properties = metadata().get("properties");
        assertThat(properties).isNotNull();
        return List.copyOf(properties.values());
    }

    /** Every Boot jar on the class path has a file of this name: read the one beside RemotingProperties. */
    private static JsonNode metadata() throws IOException {
        String module = RemotingProperties.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        ClassLoader classLoader = ConfigurationMetadataTests.class.getClassLoader();
        for (URL url : Collections.list(classLoader.getResources(METADATA))) {
            if (url.getPath().contains(module)) {
                try (InputStream in = url.openStream()) {
                    return JsonMapper.shared().readTree(in);
                }
            }
        }
        throw new AssertionError("No " + METADATA + " from " + module + "; has the configuration processor run?");
    }
}
