package dev.remoting.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.AclUtils;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.junit.jupiter.api.Test;

/**
 * The signature is byte-for-byte RocketMQ's ACL 1.0 signature: checked against a value computed outside Java
 * (OpenSSL), against {@code javax.crypto} used directly, and against RocketMQ 5.3.1's own {@code AclUtils} and
 * {@code AclClientRPCHook}.
 */
class AclSignaturesTest {

    private static final String ACCESS_KEY = "rocketmq2";
    private static final String SECRET_KEY = "12345678";
    private static final long NOW = 1_700_000_000_000L;
    private static final byte[] BODY = "Hello, ACL \u2713".getBytes(StandardCharsets.UTF_8);

    /**
     * Computed with {@code printf 'rocketmq21700000000000h\xc3\xa9llo3TopicTestHello, ACL \xe2\x9c\x93'
     * | openssl dgst -sha1 -hmac 12345678 -binary | base64}: the values sorted by field name (upper case sorts
     * first), then the body.
     */
    private static final String GOLDEN = "4bc9WtDwwmFVDzga7cpX9KwjFe0=";

    private static Map<String, String> fields() {
        Map<String, String> fields = new HashMap<>();
        fields.put("topic", "TopicTest");
        fields.put("queueId", "3");
        fields.put(AclSignatures.ACCESS_KEY, ACCESS_KEY);
        fields.put(AclSignatures.TIMESTAMP, Long.toString(NOW));
        fields.put("group", "h\u00e9llo");
        return fields;
    }

    @Test
    void matchesAValueComputedWithOpenSsl() {
        assertThat(AclSignatures.sign(fields(), BODY, SECRET_KEY)).isEqualTo(GOLDEN);
    }

    @Test
    void matchesHmacSha1ComputedDirectlyWithJavaxCrypto() throws Exception {
        byte[] head = (ACCESS_KEY + NOW + "h\u00e9llo" + "3" + "TopicTest").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[head.length + BODY.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(BODY, 0, content, head.length, BODY.length);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(content));

        assertThat(AclSignatures.content(fields(), BODY)).isEqualTo(content);
        assertThat(AclSignatures.sign(fields(), BODY, SECRET_KEY)).isEqualTo(expected).isEqualTo(GOLDEN);
    }

    @Test
    void matchesRocketMQAclUtils() {
        Map<String, String> fields = fields();
        fields.put(AclSignatures.SIGNATURE, "ignored: the signature is not part of what is signed");
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(10, null);
        theirs.setBody(BODY);
        String expected = AclUtils.calSignature(AclUtils.combineRequestContent(theirs, new TreeMap<>(fields)),
                SECRET_KEY);

        assertThat(AclSignatures.sign(fields, BODY, SECRET_KEY)).isEqualTo(expected).isEqualTo(GOLDEN);
    }

    @Test
    void matchesRocketMQAclUtilsWithoutBody() {
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(10, null);
        String expected = AclUtils.calSignature(AclUtils.combineRequestContent(theirs, new TreeMap<>(fields())),
                SECRET_KEY);

        assertThat(AclSignatures.sign(fields(), null, SECRET_KEY)).isEqualTo(expected);
        assertThat(AclSignatures.sign(fields(), new byte[0], SECRET_KEY)).isEqualTo(expected);
    }

    /** Header of the request the two hooks sign; its fields reach extFields through makeCustomHeaderToNet. */
    public static final class SendHeader implements CommandCustomHeader {
        private String topic = "TopicTest";
        private int queueId = 3;
        private String group = "h\u00e9llo";

        @Override
        public void checkFields() {
        }
    }

    @Test
    void ourHookSignsLikeRocketMQsAclClientRPCHook() {
        RemotingCommand ours = RemotingCommand.createRequestCommand(10, new SendHeader());
        ours.setBody(BODY);
        ours.addExtField("extra", "added by the caller");
        new SigningRPCHook(ACCESS_KEY, SECRET_KEY, "token-1", Clock.fixed(Instant.ofEpochMilli(NOW),
                ZoneOffset.UTC)).doBeforeRequest("127.0.0.1:10911", ours);

        // RocketMQ's hook adds AccessKey and SecurityToken itself; it has no timestamp, so the request carries ours.
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(10, null);
        theirs.setBody(BODY);
        theirs.addExtField("topic", "TopicTest");
        theirs.addExtField("queueId", "3");
        theirs.addExtField("group", "h\u00e9llo");
        theirs.addExtField("extra", "added by the caller");
        theirs.addExtField(AclSignatures.TIMESTAMP, Long.toString(NOW));
        new AclClientRPCHook(new SessionCredentials(ACCESS_KEY, SECRET_KEY, "token-1"))
                .doBeforeRequest("127.0.0.1:10911", theirs);

        assertThat(ours.getExtFields()).isEqualTo(theirs.getExtFields());
        assertThat(ours.getExtFields()).containsEntry(SessionCredentials.ACCESS_KEY, ACCESS_KEY)
                .containsEntry(SessionCredentials.SECURITY_TOKEN, "token-1")
                .containsEntry(AclSignatures.TIMESTAMP, Long.toString(NOW))
                .containsKey(SessionCredentials.SIGNATURE);
    }

    @Test
    void fieldNamesAreRocketMQs() {
        assertThat(AclSignatures.ACCESS_KEY).isEqualTo(SessionCredentials.ACCESS_KEY);
        assertThat(AclSignatures.SECURITY_TOKEN).isEqualTo(SessionCredentials.SECURITY_TOKEN);
        assertThat(AclSignatures.SIGNATURE).isEqualTo(SessionCredentials.SIGNATURE);
    }

    @Test
    void everySignedPartChangesTheSignature() {
        String signature = AclSignatures.sign(fields(), BODY, SECRET_KEY);
        Map<String, String> changedValue = fields();
        changedValue.put("queueId", "4");
        Map<String, String> addedField = fields();
        addedField.put("tag", "x");
        byte[] changedBody = BODY.clone();
        changedBody[0] ^= 1;

        assertThat(AclSignatures.sign(changedValue, BODY, SECRET_KEY)).isNotEqualTo(signature);
        assertThat(AclSignatures.sign(addedField, BODY, SECRET_KEY)).isNotEqualTo(signature);
        assertThat(AclSignatures.sign(fields(), changedBody, SECRET_KEY)).isNotEqualTo(signature);
        assertThat(AclSignatures.sign(fields(), BODY, SECRET_KEY + "x")).isNotEqualTo(signature);
    }

    @Test
    void nullValuesAreLeftOutBecauseTheyNeverTravel() {
        Map<String, String> withNull = fields();
        withNull.put("absent", null);

        assertThat(AclSignatures.sign(withNull, BODY, SECRET_KEY)).isEqualTo(GOLDEN);
    }

    @Test
    void signaturesCompareByContent() {
        assertThat(AclSignatures.sameSignature(GOLDEN, new String(GOLDEN.toCharArray()))).isTrue();
        assertThat(AclSignatures.sameSignature(GOLDEN, GOLDEN.replace('4', '5'))).isFalse();
        assertThat(AclSignatures.sameSignature(GOLDEN, GOLDEN.substring(1))).isFalse();
        assertThat(AclSignatures.sameSignature(GOLDEN, null)).isFalse();
    }

    @Test
    void hooksRefuseEmptyKeys() {
        assertThatThrownBy(() -> new SigningRPCHook("", SECRET_KEY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accessKey");
        assertThatThrownBy(() -> new SigningRPCHook(ACCESS_KEY, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secretKey");
        assertThatThrownBy(() -> new SignatureCheckRPCHook(Map.of(), java.time.Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignatureCheckRPCHook(Map.of(ACCESS_KEY, ""), java.time.Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignatureCheckRPCHook(Map.of(ACCESS_KEY, SECRET_KEY), java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
