package dev.remoting.sample.broker;

import dev.remoting.RemotingResponses;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.protocol.RemotingSysResponseCode;
import dev.remoting.sample.protocol.PullMessageRequestHeader;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;

/**
 * Holds pulls that found nothing, using the "reply later" mechanism (the handler returns null), and answers each
 * exactly once: when a message arrives on its queue, or with PULL_NOT_FOUND when its suspend time runs out.
 */
public class LongPollingService implements DisposableBean {

    private final PullService pullService;
    private final Executor pullExecutor;
    private final ConcurrentHashMap<String, Queue<HeldPull>> held = new ConcurrentHashMap<>();
    private final AtomicInteger heldCount = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pull-hold-timer");
        thread.setDaemon(true);
        return thread;
    });

    public LongPollingService(PullService pullService, Executor pullExecutor) {
        this.pullService = pullService;
        this.pullExecutor = pullExecutor;
    }

    /** Holds a pull until a message arrives on its queue or its suspend time runs out. */
    public void hold(Channel channel, RemotingCommand request, PullMessageRequestHeader header) {
        HeldPull pull = new HeldPull(channel, request, header);
        Queue<HeldPull> queue = held.computeIfAbsent(key(header.getTopic(), header.getQueueId()),
                k -> new ConcurrentLinkedQueue<>());
        queue.add(pull);
        heldCount.incrementAndGet();
        timer.schedule(() -> answerOnPullExecutor(queue, pull), header.getSuspendTimeoutMillis(),
                TimeUnit.MILLISECONDS);
        // A message appended between the first look and the registration above would not wake us: look again.
        if (pullService.hasMessage(header)) {
            wakeUp(header.getTopic(), header.getQueueId());
        }
    }

    /** Answers every pull held on the queue, on the pull executor. */
    public void wakeUp(String topic, int queueId) {
        Queue<HeldPull> queue = held.get(key(topic, queueId));
        if (queue == null) {
            return;
        }
        for (HeldPull pull : queue) {
            try {
                pullExecutor.execute(() -> answer(queue, pull));
            } catch (RejectedExecutionException e) {
                // The pull executor is saturated: the held request still gets answered at its deadline.
            }
        }
    }

    /** Reads happen on the pull executor, not the single timer thread; a saturated executor falls back to it. */
    private void answerOnPullExecutor(Queue<HeldPull> queue, HeldPull pull) {
        try {
            pullExecutor.execute(() -> answer(queue, pull));
        } catch (RejectedExecutionException e) {
            answer(queue, pull);
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

    private void answer(Queue<HeldPull> queue, HeldPull pull) {
        if (!pull.answered.compareAndSet(false, true)) {
            return;
        }
        queue.remove(pull);
        heldCount.decrementAndGet();
        if (!pull.channel.isActive()) {
            return;
        }
        RemotingCommand response;
        try {
            response = pullService.pull(pull.header);
        } catch (RuntimeException e) {
            response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SYSTEM_ERROR,
                    "pull failed: " + e.getMessage());
        }
        RemotingResponses.writeResponse(pull.channel, pull.request, response);
    }

    private static String key(String topic, int queueId) {
        return topic + '@' + queueId;
    }

    private static final class HeldPull {
        private final Channel channel;
        private final RemotingCommand request;
        private final PullMessageRequestHeader header;
        private final AtomicBoolean answered = new AtomicBoolean();

        HeldPull(Channel channel, RemotingCommand request, PullMessageRequestHeader header) {
            this.channel = channel;
            this.request = request;
            this.header = header;
        }
    }
}
