package dev.remoting.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
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
                .contains("remoting.server.port", "remoting.client.ssl.bundle", "remoting.server.auth.enabled");
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
