package dev.remoting.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request authentication of the server, under {@code remoting.server.auth}: when enabled, only requests signed (as
 * RocketMQ's ACL 1.0 client does, plus a timestamp) with one of the configured access keys run; anything else is
 * answered with NO_PERMISSION (16) without running its handler.
 */
public class ServerAuthProperties {

    /**
     * Whether the server accepts only requests signed with one of the configured access keys.
     */
    private boolean enabled = false;

    /**
     * Secret key of each accepted access key; write keys other than lower-case letters, digits and dashes in
     * brackets, as in access-keys[RocketMQ]=secret.
     */
    private Map<String, String> accessKeys = new LinkedHashMap<>();

    /**
     * Largest accepted difference between the signing time a request carries and the server's clock.
     */
    private Duration maxClockSkew = Duration.ofMinutes(5);

    /**
     * Whether requests without a signing time are refused; turn off to accept RocketMQ's own ACL client, which sends
     * none, at the cost of replay protection for such requests.
     */
    private boolean requireTimestamp = true;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, String> getAccessKeys() {
        return this.accessKeys;
    }

    public void setAccessKeys(Map<String, String> accessKeys) {
        this.accessKeys = accessKeys;
    }

    public Duration getMaxClockSkew() {
        return this.maxClockSkew;
    }

    public void setMaxClockSkew(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    public boolean isRequireTimestamp() {
        return this.requireTimestamp;
    }

    public void setRequireTimestamp(boolean requireTimestamp) {
        this.requireTimestamp = requireTimestamp;
    }
}
