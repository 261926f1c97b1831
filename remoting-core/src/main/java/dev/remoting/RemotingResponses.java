package dev.remoting;

import dev.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a response to a request: what the dispatcher does for every processor, and what a processor that replied
 * later (returned {@code null}) calls once it has the answer.
 */
public final class RemotingResponses {

    private static final Logger log = LoggerFactory.getLogger(RemotingResponses.class);

    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final AtomicLong LAST_LOGGED = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private static final AtomicLong HELD_BACK = new AtomicLong();

    /**
     * A peer that stops reading or resets makes every write to it fail: one warning per 10 seconds, saying how many
     * were held back, the others at debug (as the transport's {@code LogThrottle}, which this API package cannot use).
     */
    private static final ChannelFutureListener LOG_FAILURE = future -> {
        if (future.isSuccess()) {
            return;
        }
        String addr = RemotingHelper.parseChannelRemoteAddr(future.channel());
        long now = System.nanoTime();
        long last = LAST_LOGGED.get();
        if (now - last >= LOG_INTERVAL_NANOS && LAST_LOGGED.compareAndSet(last, now)) {
            long held = HELD_BACK.getAndSet(0);
            log.warn("failed to write response to {}: {}{}", addr, String.valueOf(future.cause()),
                    held == 0 ? "" : " (" + held + " similar lines held back before this one)");
        } else {
            HELD_BACK.incrementAndGet();
            log.debug("failed to write response to {}: {}", addr, String.valueOf(future.cause()));
        }
    };

    private RemotingResponses() {
    }

    /**
     * Marks {@code response} as the answer to {@code request} (same opaque, response flag, and the request's
     * serialize type unless the response chose one) and writes it. Does nothing for oneway requests.
     */
    public static void writeResponse(Channel channel, RemotingCommand request, RemotingCommand response) {
        writeResponse(channel, request, response, LOG_FAILURE);
    }

    /**
     * Like {@link #writeResponse(Channel, RemotingCommand, RemotingCommand)}, and runs {@code whenWritten} once the
     * write has completed or failed (a failure is then for it to log). Returns whether anything was written: when
     * not (a oneway request, a closed connection), {@code whenWritten} never runs.
     */
    public static boolean writeResponse(Channel channel, RemotingCommand request, RemotingCommand response,
            ChannelFutureListener whenWritten) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        if (request.isOnewayRPC()) {
            return false;
        }
        if (!channel.isActive()) {
            // The peer left (or we are shutting down) while the request ran: nobody is there to answer.
            log.debug("not answering request {} from {}: connection closed", request.getOpaque(),
                    RemotingHelper.parseChannelRemoteAddr(channel));
            return false;
        }
        response.setOpaque(request.getOpaque());
        response.markResponseType();
        if (response.getSerializeTypeCurrentRPC() == null) {
            response.setSerializeTypeCurrentRPC(request.getSerializeTypeCurrentRPC());
        }
        // The listener goes on the promise before the write: added after, to a write the event loop has already
        // completed, it would run in a later task, and the peer's next request could be read before it (the server
        // would still count the answered request as in flight).
        channel.writeAndFlush(response, channel.newPromise().addListener(whenWritten));
        return true;
    }

    /** Logs a response whose write failed. */
    public static void logWriteFailure(ChannelFuture future) throws Exception {
        LOG_FAILURE.operationComplete(future);
    }
}
