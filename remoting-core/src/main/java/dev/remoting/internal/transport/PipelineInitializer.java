package dev.remoting.internal.transport;

import dev.remoting.internal.call.RemotingEndpoint;
import dev.remoting.netty.NettyTransportConfig;
import dev.remoting.protocol.HeaderLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of every connection, client and server alike: flush consolidation, activity, the input
 * deadline, then what the side adds for its handshake (PROXY protocol, TLS), then encoder, decoder, idle, connection
 * and command handler. Everything after the activity handler runs on the codec group when there is one. TCP and
 * in-process connections get the same pipeline; the handshake decides what of its own applies to either.
 */
public final class PipelineInitializer extends ChannelInitializer<Channel> {

    /** What one side puts between the activity handler and the encoder; called once per connection. */
    @FunctionalInterface
    public interface Handshake {
        void addTo(ChannelPipeline pipeline, @Nullable EventExecutorGroup group);
    }

    private final RemotingEndpoint endpoint;
    private final @Nullable ServerLimits limits;
    private final int idleSeconds;
    private final int handshakeTimeoutMillis;
    private final int frameTimeoutMillis;
    private final @Nullable EventExecutorGroup group;
    private final Handshake handshake;
    private final int maxFrameLength;
    private final HeaderLimits headerLimits;
    private final NettyEncoder encoder;
    private final ConnectionHandler connectionHandler;
    private final CommandHandler commandHandler;
    private final @Nullable ChannelGroup channels;
    private final boolean clientSide;

    /**
     * @param config the side's settings: idle time, frame timeout, frame and header limits, serialization
     * @param handshakeTimeoutMillis budget of the handshake from a connection's first byte; 0 for none (a client's)
     * @param group the group the codec and handlers run on, or null for the I/O thread
     * @param channels where to add each new connection, or null
     * @param limits a server's limits on its connections; null for none (a client)
     */
    public PipelineInitializer(RemotingEndpoint endpoint, boolean clientSide, NettyTransportConfig<?> config,
            int handshakeTimeoutMillis, @Nullable EventExecutorGroup group, Handshake handshake,
            @Nullable ChannelGroup channels, @Nullable ServerLimits limits) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.limits = limits;
        this.idleSeconds = config.getChannelMaxIdleTimeSeconds();
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.frameTimeoutMillis = config.getFrameTimeoutMillis();
        this.group = group;
        this.handshake = Objects.requireNonNull(handshake, "handshake");
        this.maxFrameLength = config.getMaxFrameLength();
        this.headerLimits = new HeaderLimits(config.getMaxHeaderLength(), config.getMaxExtFields());
        this.encoder = new NettyEncoder(Objects.requireNonNull(config.getSerializeType(), "serializeType"),
                maxFrameLength);
        this.connectionHandler = new ConnectionHandler(endpoint, clientSide,
                limits == null ? 0 : limits.maxPendingOutbound());
        this.commandHandler = new CommandHandler(endpoint);
        this.channels = channels;
        this.clientSide = clientSide;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (channels != null) {
            channels.add(ch);
        }
        ChannelPipeline p = ch.pipeline();
        // Responses are written from many executor threads; flushing each one alone costs a system call per
        // response. This coalesces the flushes that arrive while the I/O thread is busy, on the I/O thread, at the
        // head of the pipeline so that it also batches TLS records.
        p.addLast("flush", new FlushConsolidationHandler(256, true));
        // Activity on the I/O thread, where it costs no hand-off even when a codec group runs the rest; it only
        // needs to see that bytes pass, for monitoring.
        p.addLast(ChannelActivity.NAME, new ChannelActivity());
        InboundGate gate = limits == null ? null : limits.gate(ch);
        if (gate != null) {
            ch.attr(ConnectionHandler.GATE).set(gate);
        }
        NettyDecoder decoder = new NettyDecoder(maxFrameLength, headerLimits, gate, clientSide);
        // The deadline of incomplete input sees the first byte ahead of the handshake handlers, and runs on the
        // decoder's executor, whose clock of an incomplete frame it reads.
        if (InputDeadline.wanted(handshakeTimeoutMillis, frameTimeoutMillis)) {
            p.addLast(group, InputDeadline.NAME, new InputDeadline(handshakeTimeoutMillis, frameTimeoutMillis,
                    decoder));
        }
        handshake.addTo(p, group);
        p.addLast(group, "encoder", encoder);
        p.addLast(group, "decoder", decoder);
        // Idle behind the decoder, as in RocketMQ: only whole commands, read or written, count as traffic, so a peer
        // that trickles bytes is idle. Its event starts from the pipeline's head, through the server's handshake
        // handlers (which hold channelActive back until the first bytes arrive), so that a silent connection still
        // reports CONNECT first.
        if (idleSeconds > 0) {
            p.addLast(group, CommandIdleHandler.NAME, new CommandIdleHandler(idleSeconds));
        }
        p.addLast(group, "connection", connectionHandler);
        // A server's connections each have their own handler, which knows the connection's gate.
        p.addLast(group, "handler", gate == null ? commandHandler : new CommandHandler(endpoint, gate));
    }
}
