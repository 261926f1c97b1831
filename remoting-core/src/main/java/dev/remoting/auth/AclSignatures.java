package dev.remoting.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The request signature of RocketMQ's ACL 1.0: {@code Base64(HmacSHA1(content, secretKey))}, where the content is
 * the values of the request's extFields, sorted by field name, concatenated as UTF-8 (the {@value #SIGNATURE} field
 * itself left out), followed by the body bytes. The access key (and the optional security token) are extFields too,
 * so they are covered. Field names are RocketMQ's ({@code SessionCredentials}).
 *
 * <p>Fields with a {@code null} value are left out of the content: neither RocketMQ's codecs nor ours put them on
 * the wire, so a receiver could never include them. Fields whose value RocketMQ's broker excludes from its own
 * recomputation ({@code _UNIQUE_KEY_QUERY}) are not excluded here: the check on this side is strict.
 */
public final class AclSignatures {

    /** extField carrying the access key, as in RocketMQ's {@code SessionCredentials.ACCESS_KEY}. */
    public static final String ACCESS_KEY = "AccessKey";

    /** extField carrying the optional security token, as in RocketMQ's {@code SessionCredentials.SECURITY_TOKEN}. */
    public static final String SECURITY_TOKEN = "SecurityToken";

    /** extField carrying the signature, as in RocketMQ's {@code SessionCredentials.SIGNATURE}. */
    public static final String SIGNATURE = "Signature";

    /**
     * extField carrying the signing time in epoch milliseconds. RocketMQ's ACL 1.0 has no timestamp; a RocketMQ
     * broker signs and checks it like any other field, so adding it keeps the signature valid there.
     */
    public static final String TIMESTAMP = "Timestamp";

    private static final String ALGORITHM = "HmacSHA1";

    private AclSignatures() {
    }

    /** The bytes that are signed: the sorted non-null extField values except the signature, then the body. */
    public static byte[] content(@Nullable Map<String, ? extends @Nullable String> extFields, byte @Nullable [] body) {
        StringBuilder values = new StringBuilder();
        if (extFields != null) {
            for (Map.Entry<String, ? extends @Nullable String> field : new TreeMap<>(extFields).entrySet()) {
                if (field.getValue() != null && !SIGNATURE.equals(field.getKey())) {
                    values.append(field.getValue());
                }
            }
        }
        byte[] head = values.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] content = new byte[head.length + body.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(body, 0, content, head.length, body.length);
        return content;
    }

    /** {@code Base64(HmacSHA1(content, UTF-8 bytes of secretKey))}, standard alphabet with padding. */
    public static String sign(byte[] content, String secretKey) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(secretKey, "secretKey");
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /** The signature of a request's extFields and body. */
    public static String sign(@Nullable Map<String, ? extends @Nullable String> extFields, byte @Nullable [] body,
            String secretKey) {
        return sign(content(extFields, body), secretKey);
    }

    /** Compares two signatures in time that does not depend on where they differ. */
    static boolean sameSignature(@Nullable String expected, @Nullable String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
