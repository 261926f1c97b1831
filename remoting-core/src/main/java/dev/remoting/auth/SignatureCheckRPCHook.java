package dev.remoting.auth;

import dev.remoting.RPCHook;
import dev.remoting.exception.RemotingAbortException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server hook that lets only requests signed by {@link SigningRPCHook} (or RocketMQ's ACL 1.0 client hook) through.
 * It answers NO_PERMISSION (16) without running the processor to a request that is unsigned, is signed with an
 * access key it does not know, carries a signature that does not match its extFields and body, or whose
 * {@value AclSignatures#TIMESTAMP} is missing or further than the allowed clock skew from now.
 *
 * <p>Signatures are compared in constant time, and a signature is computed for unknown access keys too, so that the
 * answer time does not tell which keys exist. Remarks sent to the peer name the failed check but no key or secret.
 * Register it on a server; hooks do not run for calls the server itself makes to clients.
 */
public final class SignatureCheckRPCHook implements RPCHook {

    private static final Logger log = LoggerFactory.getLogger(SignatureCheckRPCHook.class);
    /** Stands in for the secret of an unknown access key, so that its rejection costs the same HMAC. */
    private static final String NO_SUCH_KEY = "\u0000unknown-access-key";

    static final String NOT_SIGNED = "[AUTH] request is not signed";
    static final String REJECTED = "[AUTH] unknown access key or wrong signature";
    static final String STALE = "[AUTH] request timestamp missing or outside the allowed clock skew";

    private final Map<String, String> secretsByAccessKey;
    private final long maxClockSkewMillis;
    private final boolean requireTimestamp;
    private final Clock clock;
    private final AtomicLong rejected = new AtomicLong();

    /** Requires a timestamp within {@code maxClockSkew} of the system clock. */
    public SignatureCheckRPCHook(Map<String, String> secretsByAccessKey, Duration maxClockSkew) {
        this(secretsByAccessKey, maxClockSkew, true, Clock.systemUTC());
    }

    /**
     * @param secretsByAccessKey secret key of each accepted access key; at least one
     * @param maxClockSkew largest accepted distance between the request's timestamp and now
     * @param requireTimestamp whether a request without {@value AclSignatures#TIMESTAMP} is refused; RocketMQ's own
     *        ACL client sends none, so accepting it trades replay protection for compatibility with that client (a
     *        timestamp that is present is always checked)
     * @param clock the source of "now"
     */
    public SignatureCheckRPCHook(Map<String, String> secretsByAccessKey, Duration maxClockSkew,
            boolean requireTimestamp, Clock clock) {
        Objects.requireNonNull(secretsByAccessKey, "secretsByAccessKey");
        if (secretsByAccessKey.isEmpty()) {
            throw new IllegalArgumentException("at least one access key is needed");
        }
        secretsByAccessKey.forEach((accessKey, secretKey) -> {
            if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
                throw new IllegalArgumentException("access keys and their secret keys must not be empty");
            }
        });
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
            throw new IllegalArgumentException("maxClockSkew must be positive, was " + maxClockSkew);
        }
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
        this.maxClockSkewMillis = maxClockSkew.toMillis();
        this.requireTimestamp = requireTimestamp;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Returns how many requests this hook has refused. */
    public long getRejectedCount() {
        return rejected.get();
    }

    @Override
    public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
        Map<String, @Nullable String> fields = request.getExtFields();
        String accessKey = fields == null ? null : fields.get(AclSignatures.ACCESS_KEY);
        String signature = fields == null ? null : fields.get(AclSignatures.SIGNATURE);
        if (accessKey == null || signature == null) {
            throw reject(remoteAddr, request, NOT_SIGNED, "no " + (accessKey == null ? "access key" : "signature"));
        }
        String secretKey = secretsByAccessKey.get(accessKey);
        String expected = AclSignatures.sign(fields, request.getBody(), secretKey != null ? secretKey : NO_SUCH_KEY);
        if (!AclSignatures.sameSignature(expected, signature) || secretKey == null) {
            throw reject(remoteAddr, request, REJECTED,
                    secretKey == null ? "unknown access key " + accessKey : "wrong signature for " + accessKey);
        }
        String timestamp = fields.get(AclSignatures.TIMESTAMP);
        if (timestamp == null && !requireTimestamp) {
            return;
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw reject(remoteAddr, request, STALE, "timestamp " + timestamp + " from " + accessKey);
        }
        long skew;
        try {
            skew = Math.abs(Math.subtractExact(clock.millis(), signedAt));
        } catch (ArithmeticException overflow) {
            skew = Long.MAX_VALUE;
        }
        if (skew > maxClockSkewMillis) {
            throw reject(remoteAddr, request, STALE, "timestamp " + skew + "ms away from now, from " + accessKey);
        }
    }

    private RemotingAbortException reject(String remoteAddr, RemotingCommand request, String remark, String why) {
        rejected.incrementAndGet();
        log.debug("refused request {} from {}: {}", request.getCode(), remoteAddr, why);
        return new RemotingAbortException(RemotingSysResponseCode.NO_PERMISSION, remark);
    }

    @Override
    public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
    }

    @Override
    public String toString() {
        return "SignatureCheckRPCHook[accessKeys=" + secretsByAccessKey.keySet() + "]";
    }
}
