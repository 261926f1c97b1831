package dev.remoting.sample.broker;

import dev.remoting.ChannelEventListener;
import dev.remoting.RemotingServer;
import dev.remoting.exception.RemotingException;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.sample.protocol.BrokerCodes;
import dev.remoting.sample.protocol.HeartbeatRequestHeader;
import dev.remoting.sample.protocol.NotifyConsumerIdsChangedHeader;
import dev.remoting.spring.annotation.RequestCodeHandler;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumer groups: HEART_BEAT registers a client in its group, a closed connection (a channel event) removes it, and
 * every membership change is pushed to the group's clients with a oneway NOTIFY_CONSUMER_IDS_CHANGED over their own
 * connections.
 *
 * <p>Changes are pushed from one thread, each with the group's members as they are when it is sent: handlers and
 * channel events run on different threads, and a list computed on one of them could otherwise reach a client after
 * a newer one and leave it with a stale view.
 */
@Component
public class ConsumerManager implements ChannelEventListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerManager.class);

    private final Map<String, Map<String, Channel>> groups = new ConcurrentHashMap<>();
    private final ObjectProvider<RemotingServer> server;
    private final JsonMapper json;
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(
            new CustomizableThreadFactory("consumer-notifier-"));

    /** The server is looked up lazily: it is built with this listener, so it cannot be injected into it. */
    public ConsumerManager(ObjectProvider<RemotingServer> server, JsonMapper json) {
        this.server = server;
        this.json = json;
    }

    @RequestCodeHandler(code = BrokerCodes.HEART_BEAT)
    public void heartbeat(HeartbeatRequestHeader header, Channel channel) {
        if (!channel.isActive()) {
            // Its close event may already have been handled: registering now would leave a member nobody removes.
            return;
        }
        Map<String, Channel> members = groups.computeIfAbsent(header.getConsumerGroup(),
                g -> new ConcurrentHashMap<>());
        if (members.put(header.getClientID(), channel) != channel) {
            log.info("consumer {} joined group {} from {}", header.getClientID(), header.getConsumerGroup(),
                    channel.remoteAddress());
            notifyGroup(header.getConsumerGroup());
        }
    }

    /** Returns each group's client ids, sorted. */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> snapshot = new TreeMap<>();
        groups.forEach((group, members) -> snapshot.put(group, members.keySet().stream().sorted().toList()));
        return snapshot;
    }

    @Override
    public void onChannelClose(String remoteAddr, Channel channel) {
        forget(channel);
    }

    @Override
    public void onChannelException(String remoteAddr, Channel channel) {
        forget(channel);
    }

    @Override
    public void onChannelIdle(String remoteAddr, Channel channel) {
        forget(channel);
    }

    @Override
    public void onChannelConnect(String remoteAddr, Channel channel) {
    }

    private void forget(Channel channel) {
        groups.forEach((group, members) -> {
            if (members.values().removeIf(c -> c == channel)) {
                log.info("a consumer of group {} left ({})", group, channel.remoteAddress());
                notifyGroup(group);
            }
        });
    }

    @Override
    public void destroy() {
        notifier.shutdownNow();
    }

    private void notifyGroup(String group) {
        try {
            notifier.execute(() -> sendMembers(group));
        } catch (RejectedExecutionException e) {
            log.debug("not notifying group {}: shutting down", group);
        }
    }

    private void sendMembers(String group) {
        RemotingServer remotingServer = server.getIfAvailable();
        Map<String, Channel> members = groups.get(group);
        if (remotingServer == null || members == null) {
            return;
        }
        byte[] body = json.writeValueAsBytes(members.keySet().stream().sorted().toList());
        for (Channel channel : members.values()) {
            RemotingCommand notify = RemotingCommand.createRequestCommand(BrokerCodes.NOTIFY_CONSUMER_IDS_CHANGED,
                    new NotifyConsumerIdsChangedHeader(group));
            notify.setBody(body);
            try {
                remotingServer.invokeOneway(channel, notify, 3000);
            } catch (RemotingException | InterruptedException | RuntimeException e) {
                log.warn("could not notify {} of group {} changes: {}", channel.remoteAddress(), group, e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
