package dev.remoting.spring.boot.autoconfigure;

import dev.remoting.netty.NettyClientConfig;
import dev.remoting.netty.NettyServerConfig;
import dev.remoting.netty.NettyTransportConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Copies the settings that are set onto a core config, one mapping per side, the settings both sides share mapped
 * once. {@link PropertyMapper} skips unset (null) values, so the core config keeps its own default for them. Values
 * were checked when they were bound ({@link RemotingPropertiesValidator}).
 */
final class NettyConfigMapper {

    private NettyConfigMapper() {
    }

    static NettyServerConfig server(ServerProperties server) {
        NettyServerConfig config = transport(server, new NettyServerConfig());
        PropertyMapper map = PropertyMapper.get();
        map.from(server.getPort()).to(config::setListenPort);
        map.from(server::getBindAddress).to(config::setBindAddress);
        map.from(server::getInProcessName).to(config::setInProcessName);
        map.from(server::getSelectorThreads).to(config::setServerSelectorThreads);
        map.from(server::getUseWorkerGroup).to(config::setServerNettyWorkerGroupEnable);
        map.from(server::getPooledAllocator).to(config::setPooledByteBufAllocatorEnable);
        map.from(server::getHandshakeTimeout).as(NettyConfigMapper::millis).to(config::setHandshakeTimeoutMillis);
        map.from(server::getMaxConnections).to(config::setMaxConnections);
        map.from(server::getExposeErrorDetails).to(config::setExposeErrorDetails);
        map.from(server::getProxyProtocol).to(config::setProxyProtocolEnabled);
        map.from(server.getSocket()::getBacklog).to(config::setServerSocketBacklog);
        map.from(server::getInboundBudget).as(DataSize::toBytes).to(config::setInboundBudgetBytes);
        map.from(server::getMaxInFlightRequests).to(config::setMaxInFlightRequestsPerConnection);
        map.from(server::getMaxPendingOutbound).as(DataSize::toBytes).to(config::setMaxPendingOutboundBytes);
        map.from(server::getPublicExecutorQueueCapacity).to(config::setPublicExecutorQueueCapacity);
        // Graceful by default, for as long as the core waits; a period of 0 stops at once.
        config.setEnableShutdownGracefully(true);
        map.from(server::getShutdownGracePeriod).as(NettyConfigMapper::seconds).to(seconds -> {
            config.setEnableShutdownGracefully(seconds > 0);
            config.setShutdownWaitTimeSeconds(seconds);
        });
        return config;
    }

    static NettyClientConfig client(ClientProperties client) {
        NettyClientConfig config = transport(client, new NettyClientConfig());
        PropertyMapper map = PropertyMapper.get();
        map.from(client::getUseWorkerGroup).as(use -> !use).to(config::setDisableNettyWorkerGroup);
        map.from(client::getConnectTimeout).as(Duration::toMillis).as(Math::toIntExact)
                .to(config::setConnectTimeoutMillis);
        map.from(client.isCloseSocketIfTimeout()).to(config::setClientCloseSocketIfTimeout);
        return config;
    }

    /** The settings every side has, onto what every core config has. */
    private static <C extends NettyTransportConfig<C>> C transport(TransportProperties transport, C config) {
        PropertyMapper map = PropertyMapper.get();
        map.from(transport::getWorkerThreads).to(config::setWorkerThreads);
        map.from(transport::getCallbackThreads).to(config::setCallbackExecutorThreads);
        map.from(transport::getOnewayPermits).to(config::setOnewaySemaphoreValue);
        map.from(transport::getAsyncPermits).to(config::setAsyncSemaphoreValue);
        map.from(transport::getIdleTime).as(NettyConfigMapper::seconds).to(config::setChannelMaxIdleTimeSeconds);
        map.from(transport::getMaxFrameLength).as(NettyConfigMapper::bytes).to(config::setMaxFrameLength);
        map.from(transport::getFrameTimeout).as(NettyConfigMapper::millis).to(config::setFrameTimeoutMillis);
        map.from(transport::getMaxHeaderLength).as(NettyConfigMapper::bytes).to(config::setMaxHeaderLength);
        map.from(transport::getMaxExtFields).to(config::setMaxExtFields);
        map.from(transport::getSerializeType).to(config::setSerializeType);
        map.from(transport::getUseEpoll).to(config::setUseEpollNativeSelector);
        map.from(transport::getEventQueueCapacity).to(config::setEventQueueCapacity);
        SocketProperties socket = transport.getSocket();
        map.from(socket::getSendBufferSize).as(NettyConfigMapper::bytes).to(config::setSocketSndBufSize);
        map.from(socket::getReceiveBufferSize).as(NettyConfigMapper::bytes).to(config::setSocketRcvBufSize);
        map.from(socket::getWriteBufferLowWaterMark).as(NettyConfigMapper::bytes)
                .to(config::setWriteBufferLowWaterMark);
        map.from(socket::getWriteBufferHighWaterMark).as(NettyConfigMapper::bytes)
                .to(config::setWriteBufferHighWaterMark);
        return config;
    }

    /** Whole seconds, rounded up, so that 1500ms waits 2s rather than 1s. */
    private static int seconds(Duration duration) {
        return Math.toIntExact((duration.toMillis() + 999) / 1000);
    }

    /** Whole milliseconds, rounded up, so that a budget of 1ns is not read as 0, which disables it. */
    private static int millis(Duration duration) {
        return Math.toIntExact(duration.plusNanos(999_999).toMillis());
    }

    private static int bytes(DataSize size) {
        return Math.toIntExact(size.toBytes());
    }
}
