package dev.remoting;

import dev.remoting.exception.RemotingConnectException;
import dev.remoting.exception.RemotingSendRequestException;
import dev.remoting.exception.RemotingTimeoutException;
import dev.remoting.exception.RemotingTooMuchRequestException;
import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The connecting side: one connection per address, made on first use. A {@code null} address means "a name server
 * from the list", or the address the {@linkplain #setAddressSelector(AddressSelector) address selector} picks when
 * there is one.
 */
public interface RemotingClient extends RemotingService {

    void updateNameServerAddressList(List<String> addrs);

    List<String> getNameServerAddressList();

    /** Returns the name server currently in use, or {@code null} when none has been chosen yet. */
    @Nullable String getChosenNameServer();

    RemotingCommand invokeSync(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingSendRequestException,
            RemotingTimeoutException, RemotingTooMuchRequestException;

    /** Sends a request whose outcome goes to the callback; with a {@code null} callback it is not reported. */
    void invokeAsync(@Nullable String addr, RemotingCommand request, long timeoutMillis,
            @Nullable InvokeCallback invokeCallback)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException;

    void invokeOneway(@Nullable String addr, RemotingCommand request, long timeoutMillis)
            throws InterruptedException, RemotingConnectException, RemotingTooMuchRequestException,
            RemotingTimeoutException, RemotingSendRequestException;

    /**
     * Sends a request and returns its response as a future that completes on the callback executor; failures
     * complete it exceptionally with the same exceptions the other calls throw.
     */
    CompletableFuture<RemotingCommand> invoke(@Nullable String addr, RemotingCommand request, long timeoutMillis);

    /** Whether the connection to the address can take more writes now (true when there is none yet). */
    boolean isChannelWritable(String addr);

    /** Returns the open connections by the address they were made to, for monitoring. */
    default Map<String, Channel> getChannels() {
        return Map.of();
    }

    /** Closes the connections to these addresses; calls pending on them fail at once. */
    void closeChannels(List<String> addrs);

    /**
     * Makes calls with a {@code null} address go where the selector says instead of to a name server ({@code null}
     * goes back to the name servers). See {@link AddressSelector}.
     */
    void setAddressSelector(@Nullable AddressSelector selector);

    /** Returns the address selector, or {@code null} when calls with a {@code null} address go to name servers. */
    @Nullable AddressSelector getAddressSelector();

    /**
     * Closes the connections to these addresses once no call is pending on them, giving them no new calls meanwhile:
     * for addresses that left, such as instances a registry no longer lists. A later call to one connects again.
     */
    void retireChannels(Collection<String> addrs);

    /** Runs invoke callbacks on this executor instead of the client's public one ({@code null} goes back to it). */
    void setCallbackExecutor(@Nullable ExecutorService callbackExecutor);
}
