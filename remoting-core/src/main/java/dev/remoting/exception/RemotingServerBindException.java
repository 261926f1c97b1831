package dev.remoting.exception;

import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link dev.remoting.RemotingServer#start()} when the server cannot listen on its address and port: the
 * port is taken, or the address is not one of this host's. It is unchecked, an {@link IllegalStateException} as
 * before it had a type of its own, and carries the address and port so that a caller (Spring Boot's failure
 * analysis, say) can name them without parsing the message.
 */
public class RemotingServerBindException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String bindAddress;
    private final int port;

    public RemotingServerBindException(String bindAddress, int port, @Nullable Throwable cause) {
        super("cannot bind " + bindAddress + ":" + port + (cause == null ? "" : ": " + cause.getMessage()), cause);
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.port = port;
    }

    /** Returns the address the server tried to listen on. */
    public String getBindAddress() {
        return bindAddress;
    }

    /** Returns the port the server tried to listen on. */
    public int getPort() {
        return port;
    }

    /**
     * Whether the port is taken by another process. Read from the cause's message, which is the operating system's
     * ("Address already in use" from NIO and epoll alike): neither transport gives the errno a type of its own.
     */
    public boolean isPortInUse() {
        return causeSays("already in use");
    }

    /** Whether the address is not one of this host's, or does not resolve. */
    public boolean isAddressUnavailable() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return causeSays("assign requested address");
    }

    private boolean causeSays(String words) {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
        }
        return false;
    }
}
