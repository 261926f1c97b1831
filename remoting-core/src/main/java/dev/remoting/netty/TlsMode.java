package dev.remoting.netty;

/**
 * How a server treats TLS, as RocketMQ's {@code tls.server.mode}: the server looks at the first byte of each new
 * connection (after any PROXY protocol header) and a TLS handshake record ({@code 0x16}) is told apart from a
 * plaintext frame, whose first byte is the top byte of its length.
 */
public enum TlsMode {

    /** Plaintext only; a connection that starts a TLS handshake is closed with a log line that says so. */
    DISABLED,

    /** Plaintext and TLS clients on the same port. Needs an {@link io.netty.handler.ssl.SslContext}. */
    PERMISSIVE,

    /** TLS only; a plaintext connection is closed with a log line that says so. Needs an SslContext. */
    ENFORCING
}
