package dev.remoting.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/** Socket options of a server or client, under {@code remoting.server.socket} or {@code remoting.client.socket}. */
public class SocketProperties {

    /**
     * Listen backlog of the server socket; clients ignore it.
     */
    private @Nullable Integer backlog;

    /**
     * Socket send buffer size; 0 keeps the operating system's default.
     */
    private @Nullable DataSize sendBufferSize;

    /**
     * Socket receive buffer size; 0 keeps the operating system's default.
     */
    private @Nullable DataSize receiveBufferSize;

    /**
     * Pending outbound bytes below which an unwritable connection becomes writable again; 0 keeps Netty's default.
     */
    private @Nullable DataSize writeBufferLowWaterMark;

    /**
     * Pending outbound bytes above which a connection stops being writable and stops being read; 0 keeps Netty's
     * default.
     */
    private @Nullable DataSize writeBufferHighWaterMark;

    public @Nullable Integer getBacklog() {
        return this.backlog;
    }

    public void setBacklog(@Nullable Integer backlog) {
        this.backlog = backlog;
    }

    public @Nullable DataSize getSendBufferSize() {
        return this.sendBufferSize;
    }

    public void setSendBufferSize(@Nullable DataSize sendBufferSize) {
        this.sendBufferSize = sendBufferSize;
    }

    public @Nullable DataSize getReceiveBufferSize() {
        return this.receiveBufferSize;
    }

    public void setReceiveBufferSize(@Nullable DataSize receiveBufferSize) {
        this.receiveBufferSize = receiveBufferSize;
    }

    public @Nullable DataSize getWriteBufferLowWaterMark() {
        return this.writeBufferLowWaterMark;
    }

    public void setWriteBufferLowWaterMark(@Nullable DataSize writeBufferLowWaterMark) {
        this.writeBufferLowWaterMark = writeBufferLowWaterMark;
    }

    public @Nullable DataSize getWriteBufferHighWaterMark() {
        return this.writeBufferHighWaterMark;
    }

    public void setWriteBufferHighWaterMark(@Nullable DataSize writeBufferHighWaterMark) {
        this.writeBufferHighWaterMark = writeBufferHighWaterMark;
    }
}
