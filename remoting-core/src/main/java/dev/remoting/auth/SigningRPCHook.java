package dev.remoting.auth;

import dev.remoting.RPCHook;
import dev.remoting.protocol.RemotingCommand;
import java.time.Clock;
import java.util.HashMap;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Client hook that signs every request the way RocketMQ's ACL 1.0 {@code AclClientRPCHook} does, so that a client
 * using it can call an ACL-enabled RocketMQ broker as well as a server checked by {@link SignatureCheckRPCHook}.
 * Before a request is sent it copies the custom header into extFields, adds {@value AclSignatures#ACCESS_KEY}, the
 * optional {@value AclSignatures#SECURITY_TOKEN} and {@value AclSignatures#TIMESTAMP} (epoch milliseconds), and
 * then {@value AclSignatures#SIGNATURE} over all of them and the body (see {@link AclSignatures}).
 *
 * <p>Register it on a client only: on a client, hooks also run for requests the server sends to it, which this hook
 * then signs needlessly but harmlessly.
 */
public final class SigningRPCHook implements RPCHook {

    private final String accessKey;
    private final String secretKey;
    private final @Nullable String securityToken;
    private final Clock clock;

    public SigningRPCHook(String accessKey, String secretKey) {
        this(accessKey, secretKey, null, Clock.systemUTC());
    }

    /**
     * @param securityToken sent as {@value AclSignatures#SECURITY_TOKEN} when not {@code null}
     * @param clock the source of the timestamp
     */
    public SigningRPCHook(String accessKey, String secretKey, @Nullable String securityToken, Clock clock) {
        this.accessKey = requireText(accessKey, "accessKey");
        this.secretKey = requireText(secretKey, "secretKey");
        this.securityToken = securityToken;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static String requireText(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    public String getAccessKey() {
        return accessKey;
    }

    @Override
    public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
        request.makeCustomHeaderToNet();
        if (request.getExtFields() == null) {
            request.setExtFields(new HashMap<>());
        }
        request.addExtField(AclSignatures.ACCESS_KEY, accessKey);
        if (securityToken != null) {
            request.addExtField(AclSignatures.SECURITY_TOKEN, securityToken);
        }
        request.addExtField(AclSignatures.TIMESTAMP, Long.toString(clock.millis()));
        request.addExtField(AclSignatures.SIGNATURE,
                AclSignatures.sign(request.getExtFields(), request.getBody(), secretKey));
    }

    @Override
    public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
    }

    @Override
    public String toString() {
        return "SigningRPCHook[accessKey=" + accessKey + "]";
    }
}
