package dev.remoting.netty;

import dev.remoting.ChannelEventListener;
import io.netty.channel.Channel;
import java.util.List;

/** Records each channel event as {@code "TYPE remoteAddr"}, in the order they are delivered. */
final class RecordingEventListener implements ChannelEventListener {

    private final List<String> events;

    RecordingEventListener(List<String> events) {
        this.events = events;
    }

    @Override
    public void onChannelConnect(String remoteAddr, Channel channel) {
        events.add("CONNECT " + remoteAddr);
    }

    @Override
    public void onChannelClose(String remoteAddr, Channel channel) {
        events.add("CLOSE " + remoteAddr);
    }

    @Override
    public void onChannelException(String remoteAddr, Channel channel) {
        events.add("EXCEPTION " + remoteAddr);
    }

    @Override
    public void onChannelIdle(String remoteAddr, Channel channel) {
        events.add("IDLE " + remoteAddr);
    }
}
