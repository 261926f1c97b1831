package dev.remoting.spring.cloud;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The instance metadata this module writes and reads: the remoting port of an instance, which usually differs from
 * the port it registers (its HTTP port).
 */
public final class RemotingInstanceMetadata {

    /** Metadata key of an instance's remoting port; without it, clients call the port the instance registered. */
    public static final String PORT = "remoting.port";

    private RemotingInstanceMetadata() {
    }

    /** Returns the {@code host:port} a client calls: the remoting port of the metadata, else the registered one. */
    public static String address(ServiceInstance instance) {
        return instance.getHost() + ":" + port(instance);
    }

    /** Returns the instance's remoting port: that of the metadata when it holds a valid one, else the registered. */
    public static int port(ServiceInstance instance) {
        Integer port = parse(metadata(instance).get(PORT));
        return port != null ? port : instance.getPort();
    }

    private static Map<String, String> metadata(ServiceInstance instance) {
        Map<String, String> metadata = instance.getMetadata();
        return metadata != null ? metadata : Map.of();
    }

    private static @Nullable Integer parse(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            int port = Integer.parseInt(value.trim());
            return port > 0 && port <= 65535 ? port : null;
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
