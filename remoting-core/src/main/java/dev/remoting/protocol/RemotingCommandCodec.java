package dev.remoting.protocol;

import dev.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;

/**
 * Frame layout: {@code length(4) | serializeType(1) headerLength(3) | header | body}, where {@code length} counts
 * everything after itself. This class knows bytes, not sockets: the transport frames the stream and hands each
 * frame here without its length word.
 */
public final class RemotingCommandCodec {

    /** Largest header the 24-bit header-length field can describe. */
    public static final int MAX_HEADER_LENGTH = 0xFFFFFF;

    private RemotingCommandCodec() {
    }

    /**
     * Writes one whole frame, length word included. A command whose code or version does not fit the binary
     * header's int16 fields goes out with the JSON header instead of being truncated.
     *
     * @param defaultType serialization used when the command has none of its own
     */
    public static void encode(RemotingCommand cmd, SerializeType defaultType, ByteBuf out) {
        cmd.makeCustomHeaderToNet();
        SerializeType type = cmd.getSerializeTypeCurrentRPC() != null ? cmd.getSerializeTypeCurrentRPC() : defaultType;
        if (type == SerializeType.ROCKETMQ && !RocketMQHeaderCodec.fits(cmd)) {
            type = SerializeType.JSON;
        }
        int start = out.writerIndex();
        out.writeLong(0); // placeholders for the length and type words, patched below
        if (type == SerializeType.ROCKETMQ) {
            RocketMQHeaderCodec.encode(cmd, out);
        } else {
            JsonHeaderCodec.encode(cmd, out);
        }
        int headerLength = out.writerIndex() - start - 8;
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("header of " + headerLength + " bytes exceeds the 24-bit limit");
        }
        byte[] body = cmd.getBody();
        int bodyLength = body == null ? 0 : body.length;
        if (bodyLength > 0) {
            out.writeBytes(body);
        }
        out.setInt(start, 4 + headerLength + bodyLength);
        out.setInt(start + 4, (type.getCode() << 24) | headerLength);
    }

    /**
     * Decodes one frame that starts at the serialize-type word (the length word already stripped), with no header
     * limits beyond the format's ({@link HeaderLimits#NONE}). The buffer is read, not released: the caller owns it.
     */
    public static RemotingCommand decode(ByteBuf frame) throws RemotingCommandException {
        return decode(frame, HeaderLimits.NONE);
    }

    /**
     * Decodes one frame that starts at the serialize-type word (the length word already stripped). A header longer
     * than {@code limits} allows fails before it is parsed; one with too many {@code extFields} fails as soon as the
     * entry over the limit is reached. The buffer is read, not released: the caller owns it.
     */
    public static RemotingCommand decode(ByteBuf frame, HeaderLimits limits) throws RemotingCommandException {
        int frameLength = frame.readableBytes();
        if (frameLength < 4) {
            throw new RemotingCommandException("decode error, frame of " + frameLength + " bytes has no header length");
        }
        int typeAndLength = frame.readInt();
        int headerLength = typeAndLength & MAX_HEADER_LENGTH;
        if (headerLength > frameLength - 4) {
            throw new RemotingCommandException("decode error, bad header length: " + headerLength);
        }
        if (headerLength > limits.maxHeaderLength()) {
            throw new RemotingCommandException("decode error, header of " + headerLength + " bytes exceeds the "
                    + limits.maxHeaderLength() + "-byte header limit");
        }
        SerializeType type = SerializeType.valueOf((byte) (typeAndLength >>> 24));
        if (type == null) {
            throw new RemotingCommandException("decode error, unknown serialize type: " + (typeAndLength >>> 24));
        }
        // Every frame is decoded into a command: taking an id from the shared counter for it would only contend.
        RemotingCommand cmd = RemotingCommand.forDecoding();
        ByteBuf header = frame.readSlice(headerLength);
        if (type == SerializeType.ROCKETMQ) {
            RocketMQHeaderCodec.decode(header, cmd, limits.maxExtFields());
        } else {
            JsonHeaderCodec.decode(header, cmd, limits.maxExtFields());
        }
        cmd.setSerializeTypeCurrentRPC(type);
        int bodyLength = frame.readableBytes();
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            frame.readBytes(body);
            cmd.setBody(body);
        }
        return cmd;
    }
}
