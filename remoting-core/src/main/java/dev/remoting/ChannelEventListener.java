package dev.remoting;

import io.netty.channel.Channel;

/**
 * Connection life-cycle events. They are delivered one at a time on a dedicated thread, so a slow listener delays
 * other events but never the I/O; events that overflow its bounded queue are counted and logged.
 */
public interface ChannelEventListener {

    void onChannelConnect(String remoteAddr, Channel channel);

    void onChannelClose(String remoteAddr, Channel channel);

    void onChannelException(String remoteAddr, Channel channel);

    void onChannelIdle(String remoteAddr, Channel channel);

    /** Client side only: the connection became active. */
    default void onChannelActive(String remoteAddr, Channel channel) {
    }
}
