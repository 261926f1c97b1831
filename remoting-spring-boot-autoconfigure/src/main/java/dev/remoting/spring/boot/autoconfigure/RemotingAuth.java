package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.RPCHook;
import dev.remoting.auth.SignatureCheckRPCHook;
import dev.remoting.auth.SigningRPCHook;
import java.time.Clock;
import java.util.Optional;
import org.springframework.util.StringUtils;

/**
 * Turns {@link ServerAuthProperties} and {@link ClientAuthProperties} into the hooks that check and sign requests.
 * The settings were checked when they were bound ({@link RemotingPropertiesValidator}).
 */
final class RemotingAuth {

    private RemotingAuth() {
    }

    /** The server's signature check, or empty when {@code remoting.server.auth.enabled} is off. */
    static Optional<RPCHook> server(ServerAuthProperties auth) {
        if (!auth.isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(new SignatureCheckRPCHook(auth.getAccessKeys(), auth.getMaxClockSkew(),
                auth.isRequireTimestamp(), Clock.systemUTC()));
    }

    /** The client's signing hook, or empty when no access key is set. */
    static Optional<RPCHook> client(ClientAuthProperties auth) {
        String accessKey = auth.getAccessKey();
        String secretKey = auth.getSecretKey();
        if (!StringUtils.hasText(accessKey) || !StringUtils.hasText(secretKey)) {
            return Optional.empty();
        }
        return Optional.of(new SigningRPCHook(accessKey, secretKey));
    }
}
