package dev.remoting;

import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The listening side. It can also call a connected client over the client's own connection.
 */
public interface RemotingServer extends RemotingService {

    /**
     * Returns the bound port (the ephemeral one when configured with 0), or -1 before start and when the server is
     * bound {@linkplain #inProcessAddress() in-process}.
     */
    int localListenPort();

    /**
     * Returns the {@link InProcessAddress} ({@code local:<name>}) clients in this JVM reach the server at while it is
     * bound in-process, else null; an implementation without an in-process transport always returns null.
     */
    default @Nullable String inProcessAddress() {
        return null;
    }

    /** Returns the connected clients' channels, for monitoring; empty when the implementation does not track them. */
    default Set<Channel> getChannels() {
        return Set.of();
    }

    /** Returns how many connections were closed on arrival because the connection limit was reached. */
    default long getRefusedConnectionCount() {
        return 0;
    }

    /**
     * Returns the bytes the server holds now for frames being received and requests not yet processed, counted
     * against its inbound budget; 0 when the implementation does not count them.
     */
    default long getInboundBytes() {
        return 0;
    }

    RemotingCommand invokeSync(Channel channel, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingSendRequestException, RemotingTimeoutException,
            RemotingTooMuchRequestException;

    /** Sends a request whose outcome goes to the callback; with a {@code null} callback it is not reported. */
    void invokeAsync(Channel channel, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback)
            throws InterruptedException, RemotingTooMuchRequestException, RemotingTimeoutException,
            RemotingSendRequestException;

    void invokeOneway(Channel channel, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingTooMuchRequestException, RemotingTimeoutException,
            RemotingSendRequestException;
}
