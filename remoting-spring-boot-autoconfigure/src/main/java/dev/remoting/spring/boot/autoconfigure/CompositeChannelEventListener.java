package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.ChannelEventListener;
import io.netty.channel.Channel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lets every {@link ChannelEventListener} bean hear the events of one server or client, in order.
 */
final class CompositeChannelEventListener implements ChannelEventListener {

    private final List<ChannelEventListener> listeners;

    private CompositeChannelEventListener(List<ChannelEventListener> listeners) {
        this.listeners = listeners;
    }

    /** Returns null for no listeners, so that the core does not start an event thread for nothing. */
    static @Nullable ChannelEventListener of(List<ChannelEventListener> listeners) {
        if (listeners.isEmpty()) {
            return null;
        }
        return listeners.size() == 1 ? listeners.get(0) : new CompositeChannelEventListener(List.copyOf(listeners));
    }

    @Override
    public void onChannelConnect(String remoteAddr, Channel channel) {
        this.listeners.forEach(l -> l.onChannelConnect(remoteAddr, channel));
    }

    @Override
    public void onChannelClose(String remoteAddr, Channel channel) {
        this.listeners.forEach(l -> l.onChannelClose(remoteAddr, channel));
    }

    @Override
    public void onChannelException(String remoteAddr, Channel channel) {
        this.listeners.forEach(l -> l.onChannelException(remoteAddr, channel));
    }

    @Override
    public void onChannelIdle(String remoteAddr, Channel channel) {
        this.listeners.forEach(l -> l.onChannelIdle(remoteAddr, channel));
    }

    @Override
    public void onChannelActive(String remoteAddr, Channel channel) {
        this.listeners.forEach(l -> l.onChannelActive(remoteAddr, channel));
    }
}
