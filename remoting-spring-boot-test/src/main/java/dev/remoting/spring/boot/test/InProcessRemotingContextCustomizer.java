package dev.remoting.spring.boot.test;

import dev.remoting.InProcessAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Binds the context's server in-process under a name of its own and points every client's name servers at it, by
 * a property source ahead of all others (see {@link AutoConfigureInProcessRemoting}).
 */
final class InProcessRemotingContextCustomizer implements ContextCustomizer {

    /** The name of the property source this adds. */
    static final String PROPERTY_SOURCE = "remotingInProcess";

    private static final ConfigurationPropertyName CLIENTS = ConfigurationPropertyName.of("remoting.clients");

    // Names are per JVM, as Netty's in-process addresses are: a counter keeps contexts alive side by side apart.
    private static final AtomicLong CONTEXTS = new AtomicLong();

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ConfigurableEnvironment environment = context.getEnvironment();
        String name = "remoting-test-" + CONTEXTS.incrementAndGet();
        String address = InProcessAddress.of(name);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("remoting.server.in-process-name", name);
        properties.put("remoting.client.name-servers", address);
        for (String client : namedClients(environment)) {
            properties.put(CLIENTS.append(client).append("name-servers").toString(), address);
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    }

    /** The names under remoting.clients in any property source, however they are spelled there. */
    private static Set<String> namedClients(ConfigurableEnvironment environment) {
        Set<String> names = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(CLIENTS::isAncestorOf)
                        .forEach(name -> names.add(name.getElement(2, Form.DASHED)));
            }
        }
        return names;
    }

    // One customizer for every annotated test class, so that they share cached contexts as they would without it;
    // each context gets its own name when it is created.
    @Override
    public boolean equals(@Nullable Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
