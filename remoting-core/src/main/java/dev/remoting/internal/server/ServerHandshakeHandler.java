package dev.remoting.internal.server;

import dev.remoting.ProxyProtocol;
import dev.remoting.RemotingHelper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutorGroup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of a server connection when the PROXY protocol is accepted: looks at the first bytes and, if they
 * start an HAProxy PROXY header (v1 text or v2 binary), inserts Netty's {@link HAProxyMessageDecoder} ahead of the
 * handler that records the header's addresses (see {@link ProxyProtocol}); then removes itself and passes the bytes
 * on, so TLS detection comes next. A connection's first byte decides at once unless it could start a PROXY header.
 * <p>
 * {@code channelActive} is held back (by the recording handler, which sits behind this one from the start) until the
 * header (or its absence) is known, so that the CONNECT event already carries the client's address. A connection
 * that closes, idles or fails first is reported active just before.
 */
public final class ServerHandshakeHandler extends ByteToMessageDecoder {

    public static final String NAME = "handshake";
    static final String DECODER_NAME = "haproxy-decoder";
    static final String HANDLER_NAME = "haproxy-handler";

    private static final Logger log = LoggerFactory.getLogger(ServerHandshakeHandler.class);
    private static final byte[] V1_PREFIX = "PROXY".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_PREFIX = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final @Nullable EventExecutorGroup group;
    private final ProxyMessageHandler gate;

    private ServerHandshakeHandler(@Nullable EventExecutorGroup group, ProxyMessageHandler gate) {
        this.group = group;
        this.gate = gate;
    }

    /**
     * Adds this handler and, right behind it, the one that holds {@code channelActive} back and records the header.
     *
     * @param group the executor group of the pipeline's handlers, or null for the event loop
     */
    public static void addTo(ChannelPipeline pipeline, @Nullable EventExecutorGroup group) {
        ProxyMessageHandler gate = new ProxyMessageHandler();
        pipeline.addLast(group, NAME, new ServerHandshakeHandler(group, gate));
        pipeline.addLast(group, HANDLER_NAME, gate);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable() || ctx.isRemoved()) {
            return;
        }
        if (!couldBeProxyHeader(in)) {
            gate.openAndLeave();
            ctx.pipeline().remove(this);
            return;
        }
        ProtocolDetectionResult<HAProxyProtocolVersion> result = HAProxyMessageDecoder.detectProtocol(in);
        if (result.state() == ProtocolDetectionState.NEEDS_MORE_DATA) {
            return;
        }
        if (result.state() == ProtocolDetectionState.DETECTED) {
            log.debug("PROXY protocol {} header from {}", result.detectedProtocol(),
                    RemotingHelper.parseSocketAddress(ctx.channel().remoteAddress()));
            ctx.pipeline().addAfter(group, ctx.name(), DECODER_NAME, new HAProxyMessageDecoder());
        } else {
            gate.openAndLeave();
        }
        ctx.pipeline().remove(this);
    }

    /** Whether the bytes read so far agree with the start of either PROXY signature. */
    private static boolean couldBeProxyHeader(ByteBuf in) {
        return startsLike(in, V1_PREFIX) || startsLike(in, V2_PREFIX);
    }

    private static boolean startsLike(ByteBuf in, byte[] prefix) {
        int n = Math.min(in.readableBytes(), prefix.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Holds {@code channelActive} back until the handshake handler has looked at the first bytes, or until the
     * connection closes, idles or fails first; records a decoded PROXY header as channel attributes, lets
     * {@code channelActive} through, and leaves.
     */
    static final class ProxyMessageHandler extends ChannelInboundHandlerAdapter {

        private @Nullable ChannelHandlerContext context;
        private boolean seen;
        private boolean fired;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            seen = true; // passed on once the first bytes have been looked at
        }

        /** Lets {@code channelActive} through, if it was held back, and leaves: there is no PROXY header to read. */
        void openAndLeave() {
            ChannelHandlerContext ctx = context;
            if (ctx != null && !ctx.isRemoved()) {
                open(ctx);
                ctx.pipeline().remove(this);
            }
        }

        private void open(ChannelHandlerContext ctx) {
            if (seen && !fired) {
                fired = true;
                ctx.fireChannelActive();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (!(msg instanceof HAProxyMessage message)) {
                super.channelRead(ctx, msg);
                return;
            }
            try {
                record(ctx.channel(), message);
            } finally {
                ReferenceCountUtil.release(message);
            }
            open(ctx);
            ctx.pipeline().remove(this);
        }

        private static void record(Channel channel, HAProxyMessage message) {
            // LOCAL (a proxy's own health check) and UNKNOWN carry no client: the socket's address stands.
            if (message.command() != HAProxyCommand.PROXY || message.sourceAddress() == null) {
                return;
            }
            channel.attr(ProxyProtocol.ADDRESS).set(message.sourceAddress());
            channel.attr(ProxyProtocol.PORT).set(String.valueOf(message.sourcePort()));
            RemotingHelper.forgetRemoteAddr(channel);
            if (message.destinationAddress() != null) {
                channel.attr(ProxyProtocol.SERVER_ADDRESS).set(message.destinationAddress());
                channel.attr(ProxyProtocol.SERVER_PORT).set(String.valueOf(message.destinationPort()));
            }
            for (HAProxyTLV tlv : message.tlvs()) {
                ByteBuf content = tlv.content();
                if (isPrintableAscii(content)) {
                    channel.attr(ProxyProtocol.tlvKey(tlv.typeByteValue()))
                            .set(content.toString(StandardCharsets.US_ASCII));
                }
            }
        }

        private static boolean isPrintableAscii(ByteBuf content) {
            for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
                byte b = content.getByte(i);
                if (b < 0x20 || b > 0x7E) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open(ctx);
            super.channelInactive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            open(ctx);
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            open(ctx);
            super.exceptionCaught(ctx, cause);
        }
    }
}
