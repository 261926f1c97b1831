package dev.remoting;

import dev.remoting.protocol.RemotingCommand;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Chooses where a client sends each call made with a {@code null} address, in place of its name-server list: one
 * instance of a service found in a registry, for example (see
 * {@link RemotingClient#setAddressSelector(AddressSelector)}).
 *
 * <p>The client keeps one connection per address it is given, made on first use. When that connect fails, the call
 * asks again and the client passes over that address, for that call and for a few seconds of later calls, as long as
 * the selector offers another; a request marked {@link RemotingCommand#markRetryable() retryable} whose connection
 * closed or answered GO_AWAY before its response is sent again, once, to an address the selector offers next. Call
 * {@link RemotingClient#retireChannels(java.util.Collection)} for addresses that leave, so that their connections
 * close once the calls on them are done.
 *
 * <p>Called on the thread making the call (a call made on a Netty thread moves to the client's public executor
 * first), so it may wait, within the time it is given. Its {@code toString()} names it in the message of a call that
 * found no address.
 */
@FunctionalInterface
public interface AddressSelector {

    /**
     * Returns the address ({@code host:port}) to send this call to, or {@code null} when there is none.
     *
     * @param request the request, before the hooks run
     * @param timeoutMillis how long the call has left; a selector that cannot answer in time returns {@code null}
     */
    @Nullable String select(RemotingCommand request, long timeoutMillis) throws InterruptedException;

    /** Returns the addresses it selects among now, for monitoring; empty when it cannot tell. */
    default List<String> addresses() {
        return List.of();
    }
}
