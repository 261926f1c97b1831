package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyServerConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@link RemotingProperties} into core configs, failing with a message that names the property for any value
 * the transport cannot use.
 */
final class NettyConfigs {

    private NettyConfigs() {
    }

    static NettyServerConfig server(RemotingProperties.Server server) {
        String p = "remoting.server.";
        NettyServerConfig config = new NettyServerConfig();
        config.setListenPort(range(p + "port", server.getPort(), 0, 65535));
        config.setBindAddress(server.getBindAddress());
        config.setServerSelectorThreads(atLeast(p + "selector-threads", server.getSelectorThreads(), 1));
        config.setServerWorkerThreads(atLeast(p + "worker-threads", server.getWorkerThreads(), 1));
        config.setServerNettyWorkerGroupEnable(server.isUseWorkerGroup());
        config.setServerCallbackExecutorThreads(atLeast(p + "callback-threads", server.getCallbackThreads(), 1));
        config.setServerOnewaySemaphoreValue(atLeast(p + "oneway-permits", server.getOnewayPermits(), 1));
        config.setServerAsyncSemaphoreValue(atLeast(p + "async-permits", server.getAsyncPermits(), 1));
        config.setServerChannelMaxIdleTimeSeconds(seconds(p + "idle-time", server.getIdleTime()));
        config.setMaxFrameLength(frameLength(p + "max-frame-length", server.getMaxFrameLength()));
        config.setSerializeType(notNull(p + "serialize-type", server.getSerializeType()));
        config.setUseEpollNativeSelector(server.isUseEpoll());
        config.setServerPooledByteBufAllocatorEnable(server.isPooledAllocator());
        int grace = seconds(p + "shutdown-grace-period", server.getShutdownGracePeriod());
        config.setEnableShutdownGracefully(grace > 0);
        config.setShutdownWaitTimeSeconds(grace);
        config.setEventQueueCapacity(atLeast(p + "event-queue-capacity", server.getEventQueueCapacity(), 1));
        config.setMaxConnections(atLeast(p + "max-connections", server.getMaxConnections(), 0));
        config.setExposeErrorDetails(server.isExposeErrorDetails());
        config.setProxyProtocolEnabled(server.isProxyProtocol());
        RemotingProperties.Socket socket = server.getSocket();
        config.setServerSocketBacklog(atLeast(p + "socket.backlog", socket.getBacklog(), 1));
        config.setServerSocketSndBufSize(bytes(p + "socket.send-buffer-size", socket.getSendBufferSize()));
        config.setServerSocketRcvBufSize(bytes(p + "socket.receive-buffer-size", socket.getReceiveBufferSize()));
        waterMarks(p + "socket.", socket);
        config.setWriteBufferLowWaterMark(bytes(p + "socket.write-buffer-low-water-mark",
                socket.getWriteBufferLowWaterMark()));
        config.setWriteBufferHighWaterMark(bytes(p + "socket.write-buffer-high-water-mark",
                socket.getWriteBufferHighWaterMark()));
        return config;
    }

    /** @param prefix the client's property prefix, e.g. "remoting.client." or "remoting.clients.audit." */
    static NettyClientConfig client(String prefix, RemotingProperties.Client client) {
        NettyClientConfig config = new NettyClientConfig();
        config.setClientWorkerThreads(atLeast(prefix + "worker-threads", client.getWorkerThreads(), 1));
        config.setDisableNettyWorkerGroup(!client.isUseWorkerGroup());
        config.setUseEpollNativeSelector(client.isUseEpoll());
        config.setClientCallbackExecutorThreads(atLeast(prefix + "callback-threads", client.getCallbackThreads(), 1));
        config.setClientOnewaySemaphoreValue(atLeast(prefix + "oneway-permits", client.getOnewayPermits(), 1));
        config.setClientAsyncSemaphoreValue(atLeast(prefix + "async-permits", client.getAsyncPermits(), 1));
        Duration connect = notNull(prefix + "connect-timeout", client.getConnectTimeout());
        if (connect.toMillis() < 1 || connect.toMillis() > Integer.MAX_VALUE) {
            throw new InvalidConfigurationPropertyValueException(prefix + "connect-timeout", connect,
                    "must be at least 1ms");
        }
        config.setConnectTimeoutMillis((int) connect.toMillis());
        config.setClientChannelMaxIdleTimeSeconds(seconds(prefix + "idle-time", client.getIdleTime()));
        config.setSerializeType(notNull(prefix + "serialize-type", client.getSerializeType()));
        config.setClientCloseSocketIfTimeout(client.isCloseSocketIfTimeout());
        config.setMaxFrameLength(frameLength(prefix + "max-frame-length", client.getMaxFrameLength()));
        config.setEventQueueCapacity(atLeast(prefix + "event-queue-capacity", client.getEventQueueCapacity(), 1));
        RemotingProperties.Socket socket = client.getSocket();
        config.setClientSocketSndBufSize(bytes(prefix + "socket.send-buffer-size", socket.getSendBufferSize()));
        config.setClientSocketRcvBufSize(bytes(prefix + "socket.receive-buffer-size", socket.getReceiveBufferSize()));
        waterMarks(prefix + "socket.", socket);
        config.setWriteBufferLowWaterMark(bytes(prefix + "socket.write-buffer-low-water-mark",
                socket.getWriteBufferLowWaterMark()));
        config.setWriteBufferHighWaterMark(bytes(prefix + "socket.write-buffer-high-water-mark",
                socket.getWriteBufferHighWaterMark()));
        for (String addr : client.getNameServers()) {
            int colon = addr.lastIndexOf(':');
            if (colon <= 0 || !addr.substring(colon + 1).matches("\\d{1,5}")) {
                throw new InvalidConfigurationPropertyValueException(prefix + "name-servers", addr,
                        "each address must be host:port");
            }
        }
        return config;
    }

    static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationPropertyValueException(name, value,
                    "must be between " + min + " and " + max);
        }
        return value;
    }

    static int atLeast(String name, int value, int min) {
        return range(name, value, min, Integer.MAX_VALUE);
    }

    private static <T> T notNull(String name, @Nullable T value) {
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(name, null, "must be set");
        }
        return value;
    }

    private static int seconds(String name, Duration value) {
        if (notNull(name, value).isNegative() || value.getSeconds() > Integer.MAX_VALUE) {
            throw new InvalidConfigurationPropertyValueException(name, value, "must be zero or positive");
        }
        return (int) Math.ceil(value.toMillis() / 1000.0);
    }

    private static int bytes(String name, DataSize value) {
        if (notNull(name, value).isNegative() || value.toBytes() > Integer.MAX_VALUE) {
            throw new InvalidConfigurationPropertyValueException(name, value, "must be between 0 and 2GB");
        }
        return (int) value.toBytes();
    }

    private static int frameLength(String name, DataSize value) {
        int bytes = bytes(name, value);
        if (bytes < 64) {
            throw new InvalidConfigurationPropertyValueException(name, value, "must be at least 64B");
        }
        return bytes;
    }

    private static void waterMarks(String prefix, RemotingProperties.Socket socket) {
        long low = socket.getWriteBufferLowWaterMark() == null ? 0 : socket.getWriteBufferLowWaterMark().toBytes();
        long high = socket.getWriteBufferHighWaterMark() == null ? 0 : socket.getWriteBufferHighWaterMark().toBytes();
        if (low > 0 && high > 0 && low > high) {
            throw new InvalidConfigurationPropertyValueException(prefix + "write-buffer-low-water-mark",
                    socket.getWriteBufferLowWaterMark(), "must not exceed write-buffer-high-water-mark (" + high
                            + "B)");
        }
    }
}
