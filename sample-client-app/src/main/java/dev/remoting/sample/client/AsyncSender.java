package dev.remoting.sample.client;

import dev.remoting.sample.protocol.SendMessageRequestHeader;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** ASYNC: asynchronous calls, at most {@code window} of them awaiting their acknowledgement at once. */
final class AsyncSender implements Sender {

    private final BrokerEndpoint broker;
    private final int count;
    private final int windowSize;
    private final RequestFactory requests;
    private final SendLedger ledger;
    private final Problems problems;

    AsyncSender(BrokerEndpoint broker, DemoProperties properties, RequestFactory requests, SendLedger ledger,
            Problems problems) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.count = properties.getCount();
        this.windowSize = properties.getWindow();
        this.requests = Objects.requireNonNull(requests, "requests");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    @Override
    public void sendAll() throws InterruptedException {
        Progress progress = new Progress("sent", count);
        Semaphore window = new Semaphore(windowSize);
        for (int seq = 0; seq < count && !ledger.tooManyFailures(); seq++) {
            window.acquire();
            SendMessageRequestHeader header = requests.send(seq);
            byte[] body = requests.body(seq);
            ledger.sent(seq);
            int message = seq;
            long start = System.nanoTime();
            broker.api().sendAsync(broker.address(), header, body).whenComplete((acknowledgement, error) -> {
                try {
                    if (error == null) {
                        ledger.answered(message, acknowledgement, System.nanoTime() - start);
                    } else {
                        ledger.failed(message, error);
                    }
                } finally {
                    window.release();
                }
            });
            progress.update(ledger.sent());
        }
        // Every call ends by its deadline (the client guarantees a callback), so the whole window comes back.
        if (!window.tryAcquire(windowSize, broker.timeoutMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            problems.conclude((windowSize - window.availablePermits()) + " asynchronous sends never completed");
        }
    }
}
