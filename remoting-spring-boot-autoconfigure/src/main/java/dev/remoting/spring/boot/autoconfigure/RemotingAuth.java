package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.RPCHook;
import dev.remoting.auth.SignatureCheckRPCHook;
import dev.remoting.auth.SigningRPCHook;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code remoting.server.auth} and {@code remoting.client.auth} into the hooks that check and sign requests,
 * failing with a message that names the property for settings that cannot work.
 */
final class RemotingAuth {

    private RemotingAuth() {
    }

    /** The server's signature check, or empty when {@code remoting.server.auth.enabled} is off. */
    static Optional<RPCHook> server(String prefix, @Nullable ServerAuthProperties auth) {
        if (auth == null || !auth.isEnabled()) {
            return Optional.empty();
        }
        Map<String, String> keys = auth.getAccessKeys();
        if (keys == null || keys.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(prefix + "access-keys", null,
                    "at least one access key (access-keys.<access key>=<secret key>) is needed when "
                            + prefix + "enabled is true");
        }
        keys.forEach((accessKey, secretKey) -> {
            if (secretKey == null || secretKey.isBlank()) {
                throw new InvalidConfigurationPropertyValueException(prefix + "access-keys[" + accessKey + "]", "",
                        "the secret key must not be empty");
            }
        });
        Duration skew = auth.getMaxClockSkew();
        if (skew == null || skew.isNegative() || skew.isZero()) {
            throw new InvalidConfigurationPropertyValueException(prefix + "max-clock-skew", skew, "must be positive");
        }
        return Optional.of(new SignatureCheckRPCHook(keys, skew, auth.isRequireTimestamp(), Clock.systemUTC()));
    }

    /** The client's signing hook, or empty when no access key is set. */
    static Optional<RPCHook> client(String prefix, @Nullable ClientAuthProperties auth) {
        if (auth == null) {
            return Optional.empty();
        }
        boolean hasAccessKey = auth.getAccessKey() != null && !auth.getAccessKey().isBlank();
        boolean hasSecretKey = auth.getSecretKey() != null && !auth.getSecretKey().isBlank();
        if (hasAccessKey && !hasSecretKey) {
            throw new InvalidConfigurationPropertyValueException(prefix + "secret-key", "",
                    "must be set when " + prefix + "access-key is");
        }
        if (!hasAccessKey && hasSecretKey) {
            throw new InvalidConfigurationPropertyValueException(prefix + "access-key", auth.getAccessKey(),
                    "must be set when " + prefix + "secret-key is");
        }
        return hasAccessKey ? Optional.of(new SigningRPCHook(auth.getAccessKey(), auth.getSecretKey()))
                : Optional.empty();
    }
}
