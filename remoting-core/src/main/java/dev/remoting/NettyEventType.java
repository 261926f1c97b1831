package dev.remoting;

/**
 * Kinds of connection events delivered to a {@link dev.remoting.ChannelEventListener}.
 */
public enum NettyEventType {
    CONNECT,
    CLOSE,
    IDLE,
    EXCEPTION,
    ACTIVE
}
