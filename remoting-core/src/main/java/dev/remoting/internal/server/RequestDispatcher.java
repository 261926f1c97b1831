package dev.remoting.internal.server;

import dev.remoting.AsyncNettyRequestProcessor;
import dev.remoting.InterceptedCall;
import dev.remoting.Interception;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.ProcessorPair;
import dev.remoting.RemotingHelper;
import dev.remoting.RemotingMetricsListener;
import dev.remoting.RemotingResponses;
import dev.remoting.exception.RemotingAbortException;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.internal.call.HookChain;
import dev.remoting.internal.call.InterceptorChain;
import dev.remoting.internal.transport.InboundGate;
import dev.remoting.internal.transport.LogThrottle;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import io.netty.channel.ChannelHandlerContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs incoming requests: finds the processor, refuses what cannot be served (unknown code, shutting down,
 * {@code rejectRequest()}, full executor), runs hooks and processor on the processor's executor, and writes the
 * answer in the request's serialize type. Oneway requests never get an answer.
 *
 * <p>Each request begins one interception on the I/O thread once its processor is known. A refused request's ends as
 * soon as the refusal is written; an accepted one's scope is open around the hooks, the processor and the answer on
 * the executor (again around the answer of an async processor), and it ends after that scope has closed, with the
 * response written and what the hooks or the processor threw.
 */
public final class RequestDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final RequestProcessorRegistry registry;
    private final HookChain hooks;
    private final InterceptorChain interceptors;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean shuttingDown;
    private volatile RemotingMetricsListener metrics = RemotingMetricsListener.NOOP;
    private volatile boolean exposeErrorDetails;
    private final LogThrottle unknownCodes = new LogThrottle();
    private final LogThrottle fullExecutors = new LogThrottle();
    private final LogThrottle badRequests = new LogThrottle();
    private final LogThrottle processorFailures = new LogThrottle();
    private final LogThrottle interceptorFailures = new LogThrottle();

    public RequestDispatcher(RequestProcessorRegistry registry, HookChain hooks, InterceptorChain interceptors) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.interceptors = Objects.requireNonNull(interceptors, "interceptors");
    }

    public void metrics(RemotingMetricsListener metrics) {
        this.metrics = metrics;
    }

    /** Whether SYSTEM_ERROR remarks name the exception's class and top frame; see {@link ErrorRemarks}. */
    public void exposeErrorDetails(boolean exposeErrorDetails) {
        this.exposeErrorDetails = exposeErrorDetails;
    }

    /**
     * From now on answers new requests of clients that understand it (version above 441) with GO_AWAY, and waits up
     * to {@code seconds} for the accepted ones to finish; older clients' requests are still served meanwhile.
     */
    public void drain(long seconds) {
        shuttingDown = true;
        try {
            awaitIdle(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (inFlight.get() > 0) {
            log.warn("{} requests still running after the {}s shutdown wait", inFlight.get(), seconds);
        }
    }

    /** Waits until no accepted request is running; returns false if some still are when the time is up. */
    private boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    private void finished() {
        // Only a draining server waits on the count, so only then is the lock worth taking.
        if (inFlight.decrementAndGet() == 0 && shuttingDown) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    public void dispatch(ChannelHandlerContext ctx, RemotingCommand request) {
        dispatch(ctx, request, null, 0);
    }

    /**
     * Runs a request that holds {@code bytes} of its connection's share of the server's inbound budget, given back
     * through {@code gate} once it is answered or refused.
     */
    public void dispatch(ChannelHandlerContext ctx, RemotingCommand request, @Nullable InboundGate gate, long bytes) {
        long start = System.nanoTime();
        ProcessorPair pair = registry.resolve(request.getCode());
        Interception interception;
        try {
            interception = begin(ctx, request, pair != null);
        } catch (RuntimeException e) {
            // As a before-hook's failure: the request is answered SYSTEM_ERROR and never reaches its processor.
            interceptorFailures.log(log, Level.WARN, "interceptor failed to begin request {} from {}",
                    request.getCode(), RemotingHelper.parseChannelRemoteAddr(ctx.channel()), e);
            reply(ctx, request, pair != null, start, RemotingSysResponseCode.SYSTEM_ERROR,
                    ErrorRemarks.remark(e, exposeErrorDetails), gate, bytes, Interception.NONE);
            return;
        }
        if (pair == null) {
            unknownCodes.log(log, Level.ERROR, "request type {} not supported, from {}", request.getCode(),
                    RemotingHelper.parseChannelRemoteAddr(ctx.channel()));
            reply(ctx, request, false, start, RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.getCode() + " not supported", gate, bytes, interception);
            return;
        }
        if (shuttingDown && request.getVersion() > RemotingCommand.GO_AWAY_MIN_VERSION) {
            // As RocketMQ 5.3.1: only clients above V5_1_4 understand GO_AWAY; older ones are served while we drain.
            reply(ctx, request, true, start, RemotingSysResponseCode.GO_AWAY, "please go away", gate, bytes,
                    interception);
            return;
        }
        if (pair.processor().rejectRequest()) {
            reply(ctx, request, true, start, RemotingSysResponseCode.SYSTEM_BUSY,
                    "[REJECTREQUEST]system busy, start flow control for a while", gate, bytes, interception);
            return;
        }
        inFlight.incrementAndGet();
        try {
            pair.executor().execute(() -> run(ctx, request, pair.processor(), start, gate, bytes, interception));
        } catch (RejectedExecutionException e) {
            finished();
            fullExecutors.log(log, Level.WARN, "executor of request code {} is full, answering SYSTEM_BUSY to {}",
                    request.getCode(), RemotingHelper.parseChannelRemoteAddr(ctx.channel()));
            reply(ctx, request, true, start, RemotingSysResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD]system busy, start flow control for a while", gate, bytes, interception);
        }
    }

    /** Begins the request's interception: {@link Interception#NONE}, making nothing, with no interceptors. */
    private Interception begin(ChannelHandlerContext ctx, RemotingCommand request, boolean knownCode) {
        if (interceptors.isEmpty()) {
            return Interception.NONE;
        }
        return interceptors.begin(InterceptedCall.server(request,
                RemotingHelper.parseChannelRemoteAddr(ctx.channel()), knownCode));
    }

    private void run(ChannelHandlerContext ctx, RemotingCommand request, NettyRequestProcessor processor,
            long start, @Nullable InboundGate gate, long bytes, Interception interception) {
        String remoteAddr = RemotingHelper.parseChannelRemoteAddr(ctx.channel());
        @Nullable CompletableFuture<@Nullable RemotingCommand> later = null;
        @Nullable RemotingCommand response = null;
        @Nullable Throwable error = null;
        @Nullable RemotingCommand written = null;
        try {
            try (Interception.Scope scope = interception.openScope()) {
                try {
                    hooks.before(remoteAddr, request);
                    if (processor instanceof AsyncNettyRequestProcessor async) {
                        later = async.processRequestAsync(ctx, request);
                    } else {
                        response = processor.processRequest(ctx, request);
                    }
                } catch (Throwable e) {
                    error = e;
                }
                if (later == null) {
                    // Outside the try: whatever finish() itself throws must not make it run (and answer) again.
                    written = finish(ctx, request, remoteAddr, start, response, error, gate, bytes);
                }
            }
        } finally {
            if (later == null) {
                interception.end(written, unwrap(error));
            }
        }
        if (later != null) {
            // Attached once the scope has closed: a future already complete finishes here in a scope of its own.
            later.whenComplete((r, e) -> finishLater(ctx, request, remoteAddr, start, r, e, gate, bytes,
                    interception));
        }
    }

    /** Answers for an async processor once its future completes, inside the request's scope again. */
    private void finishLater(ChannelHandlerContext ctx, RemotingCommand request, String remoteAddr, long start,
            @Nullable RemotingCommand response, @Nullable Throwable error, @Nullable InboundGate gate, long bytes,
            Interception interception) {
        @Nullable RemotingCommand written = null;
        try {
            try (Interception.Scope scope = interception.openScope()) {
                written = finish(ctx, request, remoteAddr, start, response, error, gate, bytes);
            }
        } finally {
            interception.end(written, unwrap(error));
        }
    }

    /** Answers the request; returns the response written, or {@code null} when there is none (oneway, later). */
    private @Nullable RemotingCommand finish(ChannelHandlerContext ctx, RemotingCommand request, String remoteAddr,
            long start, @Nullable RemotingCommand response, @Nullable Throwable error, @Nullable InboundGate gate,
            long bytes) {
        int responseCode = -1;
        boolean written = false;
        try {
            Throwable cause = unwrap(error);
            RemotingCommand chosen = chosenAnswer(cause);
            if (chosen != null) {
                // Answered on purpose (an auth hook refusing, a handler's error code): not a failure here.
                log.debug("request {} from {} answered with code {}: {}", request.getCode(), remoteAddr,
                        chosen.getCode(), chosen.getRemark());
                cause = null;
                response = request.isOnewayRPC() ? null : chosen;
            }
            if (cause != null) {
                if (cause instanceof RemotingCommandException) {
                    // The peer sent a bad header or body: its problem, answered in the remark, not a stack trace here.
                    badRequests.log(log, Level.WARN, "bad request {} from {}: {}", request.getCode(), remoteAddr,
                            cause.getMessage());
                } else {
                    processorFailures.log(log, Level.ERROR, "process request {} from {} failed", request.getCode(),
                            remoteAddr, cause);
                }
                if (request.isOnewayRPC()) {
                    return null;
                }
                response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_ERROR,
                        ErrorRemarks.remark(cause, exposeErrorDetails));
            }
            if (response == null) {
                return null;
            }
            hooks.after(remoteAddr, request, response);
            if (gate != null) {
                written = RemotingResponses.writeResponse(ctx.channel(), request, response,
                        gate.answeredWhenWritten());
            } else {
                RemotingResponses.writeResponse(ctx.channel(), request, response);
            }
            responseCode = request.isOnewayRPC() ? -1 : response.getCode();
            return request.isOnewayRPC() ? null : response;
        } finally {
            finished();
            if (gate != null) {
                gate.processed(bytes);
                if (!written) {
                    gate.answered();
                }
            }
            metrics.requestProcessed(request.getCode(), true, responseCode, System.nanoTime() - start);
        }
    }

    /** An async processor's future fails with a CompletionException around what the processor threw. */
    private static @Nullable Throwable unwrap(@Nullable Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * The answer a hook or processor chose by throwing: a {@link RemotingAbortException} or a
     * {@link RemotingResponseException}, answered with its code and remark; {@code null} for any other exception.
     */
    private static @Nullable RemotingCommand chosenAnswer(@Nullable Throwable cause) {
        if (cause instanceof RemotingAbortException abort) {
            return RemotingCommand.createResponseCommand(abort.getCode(), abort.getRemark());
        }
        if (cause instanceof RemotingResponseException answer) {
            return RemotingCommand.createResponseCommand(answer.getCode(), answer.getRemark());
        }
        return null;
    }

    /** Answers a request refused before its processor, and ends its interception with that answer. */
    private void reply(ChannelHandlerContext ctx, RemotingCommand request, boolean known, long start, int code,
            String remark, @Nullable InboundGate gate, long bytes, Interception interception) {
        RemotingCommand response = RemotingCommand.createResponseCommand(code, remark);
        if (gate == null) {
            RemotingResponses.writeResponse(ctx.channel(), request, response);
        } else {
            gate.processed(bytes);
            if (!RemotingResponses.writeResponse(ctx.channel(), request, response, gate.answeredWhenWritten())) {
                gate.answered();
            }
        }
        metrics.requestProcessed(request.getCode(), known, request.isOnewayRPC() ? -1 : code,
                System.nanoTime() - start);
        interception.end(request.isOnewayRPC() ? null : response, null);
    }
}
