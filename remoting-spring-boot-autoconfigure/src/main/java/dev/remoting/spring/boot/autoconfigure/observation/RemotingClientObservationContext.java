package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.InterceptedCall;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.RemotingClients;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The context of one call a client makes: the request is the carrier, so a tracing handler's propagation fields
 * ({@code traceparent} and the like) go into its extFields when the observation starts, before the hooks sign it.
 * <p>
 * The remote service is named after the client ({@code remoting} for the default one, {@code remoting-<name>} for a
 * named one, which stands for the cluster it calls) and its address is set when the call begins if the peer is known
 * then; a call to "any name server" learns it only when it ends, in time for the high-cardinality key values but
 * not for the span's remote endpoint.
 */
public final class RemotingClientObservationContext
        extends RequestReplySenderContext<RemotingCommand, RemotingCommand> {

    private final InterceptedCall call;
    private final ClientName clientName;
    private volatile boolean ended;

    /**
     * @param call the call, whose request takes the propagation fields
     * @param clientName {@link RemotingClients#DEFAULT_NAME} or the name under {@code remoting.clients}
     */
    public RemotingClientObservationContext(InterceptedCall call, String clientName) {
        this(call, ClientName.of(clientName));
    }

    /** With the client's name made into key value and service name once, by the interceptor. */
    RemotingClientObservationContext(InterceptedCall call, ClientName clientName) {
        super(RemotingClientObservationContext::addExtField);
        this.call = Objects.requireNonNull(call, "call");
        this.clientName = clientName;
        setCarrier(call.request());
        setRemoteServiceName(clientName.remoteServiceName());
        String address = uri();
        if (address != null) {
            setRemoteServiceAddress(address);
        }
    }

    private static void addExtField(@Nullable RemotingCommand carrier, String key, String value) {
        if (carrier != null) {
            carrier.addExtField(key, value);
        }
    }

    /** Returns the call as the interceptor saw it; its remote address is the chosen connection's once known. */
    public InterceptedCall getCall() {
        return this.call;
    }

    /** Returns the request sent. */
    public RemotingCommand getRequest() {
        return this.call.request();
    }

    /** Returns the client's name: {@link RemotingClients#DEFAULT_NAME} or its name under {@code remoting.clients}. */
    public String getClientName() {
        return this.clientName.name();
    }

    /** {@code client=<name>}, made once per client. */
    KeyValue clientKeyValue() {
        return this.clientName.keyValue();
    }

    /** The peer as the call knows it now (the client may learn it late); {@code null} while it is not known. */
    @Nullable PeerAddress peer() {
        return PeerAddress.of(this.call.remoteAddress());
    }

    private @Nullable String uri() {
        PeerAddress peer = peer();
        return peer == null ? null : peer.uri();
    }

    /**
     * Whether the call has ended: until then {@link #getResponse()} and {@link #getError()} say nothing of how it
     * went (the active-call long task timer is tagged while it runs).
     */
    public boolean isEnded() {
        return this.ended;
    }

    /** The call ended with this response ({@code null}: none came); the error, if any, is the observation's. */
    void ended(@Nullable RemotingCommand response) {
        if (response != null) {
            setResponse(response);
        }
        if (getRemoteServiceAddress() == null) {
            String address = uri();
            if (address != null) {
                setRemoteServiceAddress(address);
            }
        }
        this.ended = true;
    }
}
