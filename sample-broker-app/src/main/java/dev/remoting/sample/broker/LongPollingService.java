package dev.remoting.sample.broker;

import dev.remoting.RemotingResponses;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.protocol.PullMessageRequestHeader;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;

/**
 * Holds pulls that found nothing, using the "reply later" mechanism (the handler returns null), and answers each
 * exactly once: when a message arrives on its queue, or with PULL_NOT_FOUND when its suspend time runs out.
 *
 * <p>A held pull costs memory until it is answered, so their number is capped and a pull whose connection closes is
 * dropped at once: nothing a client sends can make the broker keep it longer than the client itself stays.
 */
public class LongPollingService implements DisposableBean {

    private final PullService pullService;
    private final Executor pullExecutor;
    private final int maxHeld;
    private final ConcurrentHashMap<String, Queue<HeldPull>> held = new ConcurrentHashMap<>();
    private final AtomicInteger heldCount = new AtomicInteger();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "pull-hold-timer");
        thread.setDaemon(true);
        return thread;
    });

    public LongPollingService(PullService pullService, Executor pullExecutor, int maxHeld) {
        this.pullService = pullService;
        this.pullExecutor = pullExecutor;
        this.maxHeld = maxHeld;
        // An answered pull's deadline must not keep it (and its request) reachable until the suspend time is up.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Holds a pull until a message arrives on its queue or its suspend time runs out; returns false, holding
     * nothing, when {@code maxHeld} pulls are already held.
     */
    public boolean hold(Channel channel, RemotingCommand request, PullMessageRequestHeader header) {
        if (heldCount.incrementAndGet() > maxHeld) {
            heldCount.decrementAndGet();
            return false;
        }
        // A pull's body means nothing; a client that attached one must not make the broker hold it.
        request.setBody(null);
        Queue<HeldPull> queue = held.computeIfAbsent(key(header.getTopic(), header.getQueueId()),
                k -> new ConcurrentLinkedQueue<>());
        HeldPull pull = new HeldPull(channel, request, header, queue);
        queue.add(pull);
        pull.deadline = timer.schedule(() -> answerOnPullExecutor(pull), header.getSuspendTimeoutMillis(),
                TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(pull.dropOnClose);
        if (!channel.isActive()) {
            // Closed before the listener was added: the listener ran at once, or will; either way it is dropped.
            release(pull);
        }
        // A message appended between the first look and the registration above would not wake us: look again.
        if (pullService.hasMessage(header)) {
            wakeUp(header.getTopic(), header.getQueueId());
        }
        return true;
    }

    /** Answers every pull held on the queue, on the pull executor. */
    public void wakeUp(String topic, int queueId) {
        Queue<HeldPull> queue = held.get(key(topic, queueId));
        if (queue == null) {
            return;
        }
        for (HeldPull pull : queue) {
            try {
                pullExecutor.execute(() -> answer(pull));
            } catch (RejectedExecutionException e) {
                // The pull executor is saturated: the held request still gets answered at its deadline.
            }
        }
    }

    /** Reads happen on the pull executor, not the single timer thread; a saturated executor falls back to it. */
    private void answerOnPullExecutor(HeldPull pull) {
        try {
            pullExecutor.execute(() -> answer(pull));
        } catch (RejectedExecutionException e) {
            answer(pull);
        }
    }

    /** Returns the number of pulls waiting for a message. */
    public int heldCount() {
        return heldCount.get();
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    private void answer(HeldPull pull) {
        if (!release(pull) || !pull.channel.isActive()) {
            return;
        }
        RemotingCommand response;
        try {
            response = pullService.pull(pull.header);
        } catch (RuntimeException e) {
            // The handler's own failures become SYSTEM_ERROR in the dispatcher; a reply written later is ours to make.
            response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_ERROR,
                    "pull failed: " + e.getMessage());
        }
        RemotingResponses.writeResponse(pull.channel, pull.request, response);
    }

    /** Takes the pull out of every structure that holds it; returns false when that already happened. */
    private boolean release(HeldPull pull) {
        if (!pull.answered.compareAndSet(false, true)) {
            return false;
        }
        pull.queue.remove(pull);
        heldCount.decrementAndGet();
        ScheduledFuture<?> deadline = pull.deadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        pull.channel.closeFuture().removeListener(pull.dropOnClose);
        return true;
    }

    private static String key(String topic, int queueId) {
        return topic + '@' + queueId;
    }

    private final class HeldPull {
        private final Channel channel;
        private final RemotingCommand request;
        private final PullMessageRequestHeader header;
        private final Queue<HeldPull> queue;
        private final AtomicBoolean answered = new AtomicBoolean();
        private final ChannelFutureListener dropOnClose = future -> release(this);
        private volatile ScheduledFuture<?> deadline;

        HeldPull(Channel channel, RemotingCommand request, PullMessageRequestHeader header, Queue<HeldPull> queue) {
            this.channel = channel;
            this.request = request;
            this.header = header;
            this.queue = queue;
        }
    }
}
