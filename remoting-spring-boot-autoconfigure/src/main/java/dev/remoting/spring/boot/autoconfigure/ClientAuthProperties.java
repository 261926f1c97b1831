package dev.remoting.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Request signing of the client, under {@code remoting.client.auth}: when an access key is set, every request is
 * signed with it the way RocketMQ's ACL 1.0 client does, plus a timestamp, so that servers with
 * {@code remoting.server.auth} and ACL-enabled RocketMQ brokers accept it.
 */
public class ClientAuthProperties {

    /**
     * Access key that signs every request; requests are not signed when it is not set.
     */
    private @Nullable String accessKey;

    /**
     * Secret key of the access key.
     */
    private @Nullable String secretKey;

    public @Nullable String getAccessKey() {
        return this.accessKey;
    }

    public void setAccessKey(@Nullable String accessKey) {
        this.accessKey = accessKey;
    }

    public @Nullable String getSecretKey() {
        return this.secretKey;
    }

    public void setSecretKey(@Nullable String secretKey) {
        this.secretKey = secretKey;
    }
}
