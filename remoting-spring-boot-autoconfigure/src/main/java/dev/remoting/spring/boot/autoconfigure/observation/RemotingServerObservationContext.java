package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.InterceptedCall;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.boot.autoconfigure.RemotingInterceptorFactory;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The context of one request this side answers (a server, or a client answering a server-initiated request): the
 * request is the carrier, so a tracing handler continues the caller's trace from the propagation fields in its
 * extFields. The remote service address is the caller's.
 */
public final class RemotingServerObservationContext
        extends RequestReplyReceiverContext<RemotingCommand, RemotingCommand> {

    private final InterceptedCall call;
    private final ClientName clientName;
    private volatile boolean ended;

    /**
     * @param call the request being answered
     * @param clientName {@link RemotingInterceptorFactory#NO_CLIENT} for the server, else the name of the client
     *        that answers
     */
    public RemotingServerObservationContext(InterceptedCall call, String clientName) {
        this(call, ClientName.of(clientName));
    }

    /** With the client's name made into a key value once, by the interceptor. */
    RemotingServerObservationContext(InterceptedCall call, ClientName clientName) {
        super(RemotingServerObservationContext::extField);
        this.call = Objects.requireNonNull(call, "call");
        this.clientName = clientName;
        setCarrier(call.request());
        PeerAddress peer = peer();
        String address = peer == null ? null : peer.uri();
        if (address != null) {
            setRemoteServiceAddress(address);
        }
    }

    private static @Nullable String extField(RemotingCommand carrier, String key) {
        Map<String, @Nullable String> extFields = carrier.getExtFields();
        return extFields == null ? null : extFields.get(key);
    }

    /** Returns the call as the interceptor saw it. */
    public InterceptedCall getCall() {
        return this.call;
    }

    /** Returns the request being answered. */
    public RemotingCommand getRequest() {
        return this.call.request();
    }

    /** Returns {@link RemotingInterceptorFactory#NO_CLIENT} for the server, else the name of the client answering. */
    public String getClientName() {
        return this.clientName.name();
    }

    /** Whether this side answers as a server, rather than as a client answering a server-initiated request. */
    public boolean isServer() {
        return RemotingInterceptorFactory.NO_CLIENT.equals(this.clientName.name());
    }

    /** {@code client=<name>}, made once per client. */
    KeyValue clientKeyValue() {
        return this.clientName.keyValue();
    }

    /** The caller; {@code null} when its address is empty. */
    @Nullable PeerAddress peer() {
        return PeerAddress.of(this.call.remoteAddress());
    }

    /** Whether the call has ended: until then {@link #getResponse()} says nothing of how it went. */
    public boolean isEnded() {
        return this.ended;
    }

    /** The response written ({@code null}: none, for a oneway request or a reply to come later). */
    void ended(@Nullable RemotingCommand response) {
        if (response != null) {
            setResponse(response);
        }
        this.ended = true;
    }
}
