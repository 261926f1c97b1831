package dev.remoting.internal.transport;

import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.protocol.SerializeType;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of every connection, client and server alike: flush consolidation, idle, activity, then what
 * the side adds for its handshake (PROXY protocol, TLS), then encoder, decoder, connection and command handler.
 * Everything after the activity handler runs on the codec group when there is one.
 */
public final class PipelineInitializer extends ChannelInitializer<SocketChannel> {

    /** What one side puts between the activity handler and the encoder; called once per connection. */
    @FunctionalInterface
    public interface Handshake {
        void addTo(ChannelPipeline pipeline, @Nullable EventExecutorGroup group);
    }

    private final int idleSeconds;
    private final @Nullable EventExecutorGroup group;
    private final Handshake handshake;
    private final int maxFrameLength;
    private final NettyEncoder encoder;
    private final ConnectionHandler connectionHandler;
    private final CommandHandler commandHandler;
    private final @Nullable ChannelGroup channels;
    private final RemotingEndpoint endpoint;
    private final @Nullable ServerLimits limits;

    /**
     * @param idleSeconds seconds without traffic after which a connection is closed; 0 for never
     * @param group the group the codec and handlers run on, or null for the I/O thread
     * @param channels where to add each new connection, or null
     */
    public PipelineInitializer(RemotingEndpoint endpoint, boolean clientSide, int idleSeconds,
            @Nullable EventExecutorGroup group, Handshake handshake, SerializeType serializeType, int maxFrameLength,
            @Nullable ChannelGroup channels) {
        this(endpoint, clientSide, idleSeconds, group, handshake, serializeType, maxFrameLength, channels, null);
    }

    /** @param limits a server's limits on its connections; null for none (a client) */
    public PipelineInitializer(RemotingEndpoint endpoint, boolean clientSide, int idleSeconds,
            @Nullable EventExecutorGroup group, Handshake handshake, SerializeType serializeType, int maxFrameLength,
            @Nullable ChannelGroup channels, @Nullable ServerLimits limits) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.limits = limits;
        this.idleSeconds = idleSeconds;
        this.group = group;
        this.handshake = Objects.requireNonNull(handshake, "handshake");
        this.maxFrameLength = maxFrameLength;
        this.encoder = new NettyEncoder(Objects.requireNonNull(serializeType, "serializeType"), maxFrameLength);
        this.connectionHandler = new ConnectionHandler(endpoint, clientSide,
                limits == null ? 0 : limits.maxPendingOutbound());
        this.commandHandler = new CommandHandler(endpoint);
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (channels != null) {
            channels.add(ch);
        }
        ChannelPipeline p = ch.pipeline();
        // Responses are written from many executor threads; flushing each one alone costs a system call per
        // response. This coalesces the flushes that arrive while the I/O thread is busy, on the I/O thread, at the
        // head of the pipeline so that it also batches TLS records.
        p.addLast("flush", new FlushConsolidationHandler(256, true));
        // Idle and activity on the I/O thread, where they cost no hand-off even when a codec group runs the rest;
        // they only need to see that bytes pass, not which commands. Idle also sits ahead of the server's handshake
        // handlers (which hold channelActive back until the first bytes arrive), so that a silent connection still
        // reports CONNECT first.
        if (idleSeconds > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, idleSeconds));
        }
        p.addLast(ChannelActivity.NAME, new ChannelActivity());
        handshake.addTo(p, group);
        p.addLast(group, "encoder", encoder);
        InboundGate gate = limits == null ? null : limits.gate(ch);
        if (gate != null) {
            ch.attr(ConnectionHandler.GATE).set(gate);
        }
        p.addLast(group, "decoder", new NettyDecoder(maxFrameLength, gate));
        p.addLast(group, "connection", connectionHandler);
        // A server's connections each have their own handler, which knows the connection's gate.
        p.addLast(group, "handler", gate == null ? commandHandler : new CommandHandler(endpoint, gate));
    }
}
