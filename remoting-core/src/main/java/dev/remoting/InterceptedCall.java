package dev.remoting;

import dev.remoting.RemotingMetricsListener.InvokeMode;
import dev.remoting.protocol.RemotingCommand;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RemotingInterceptor} knows of one call: which side this is, the request, how it was made, and the
 * peer. On the client the peer is known once the connection is chosen; until then it is the address asked for, or
 * {@code null} for a call to "any name server".
 */
public final class InterceptedCall {

    /** Which end of the call this side is. */
    public enum Side {
        /** This side sends the request. */
        CLIENT,
        /** This side answers it (a server, or a client answering a server-initiated request). */
        SERVER
    }

    private final Side side;
    private final RemotingCommand request;
    private final InvokeMode mode;
    private final boolean knownCode;
    private volatile @Nullable String remoteAddress;

    private InterceptedCall(Side side, RemotingCommand request, InvokeMode mode, boolean knownCode,
            @Nullable String remoteAddress) {
        this.side = side;
        this.request = Objects.requireNonNull(request, "request");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.knownCode = knownCode;
        this.remoteAddress = remoteAddress;
    }

    /** A call this side makes, to {@code address} ({@code null}: any name server). */
    public static InterceptedCall client(RemotingCommand request, InvokeMode mode, @Nullable String address) {
        return new InterceptedCall(Side.CLIENT, request, mode, true, address);
    }

    /**
     * A request this side answers, from {@code remoteAddress}; {@code knownCode} is false when no processor (not even
     * a default one) handles its code.
     */
    public static InterceptedCall server(RemotingCommand request, String remoteAddress, boolean knownCode) {
        return new InterceptedCall(Side.SERVER, request, request.isOnewayRPC() ? InvokeMode.ONEWAY : InvokeMode.SYNC,
                knownCode, Objects.requireNonNull(remoteAddress, "remoteAddress"));
    }

    public Side side() {
        return side;
    }

    /** The request; on the client, before the interceptor returns from {@code begin}, it may still take extFields. */
    public RemotingCommand request() {
        return request;
    }

    /** How the call was made; on the serving side {@code ONEWAY} for oneway requests and {@code SYNC} otherwise. */
    public InvokeMode mode() {
        return mode;
    }

    /** Whether a processor handles the request's code; always true on the client. */
    public boolean knownCode() {
        return knownCode;
    }

    /**
     * The peer's address ({@code host:port}, or {@code local:<name>} in-process); on the client {@code null} until
     * the connection of a call to "any name server" is chosen.
     */
    public @Nullable String remoteAddress() {
        return remoteAddress;
    }

    /** Records the peer once the client has chosen the connection. */
    public void remoteAddress(String remoteAddress) {
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    @Override
    public String toString() {
        return "InterceptedCall[" + side + " " + mode + " code=" + request.getCode() + " remote=" + remoteAddress + "]";
    }
}
