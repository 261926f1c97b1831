package dev.remoting.protocol;

import org.jspecify.annotations.Nullable;

/**
 * How a command's header is serialized: the high byte of the frame's second word.
 */
public enum SerializeType {

    /** JSON header, as RocketMQ's fastjson writes it. */
    JSON((byte) 0),

    /** RocketMQ's compact binary header. */
    ROCKETMQ((byte) 1);

    private final byte code;

    SerializeType(byte code) {
        this.code = code;
    }

    public byte getCode() {
        return code;
    }

    /** Returns the type for a wire code, or {@code null} when the code is unknown. */
    public static @Nullable SerializeType valueOf(byte code) {
        return switch (code) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> null;
        };
    }
}
