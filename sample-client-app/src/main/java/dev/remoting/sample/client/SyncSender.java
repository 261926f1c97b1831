package dev.remoting.sample.client;

import dev.remoting.exception.RemotingException;
import dev.remoting.exception.RemotingResponseException;
import dev.remoting.sample.protocol.SendMessageRequestHeader;
import java.util.Objects;

/** SYNC: one call at a time, each waiting for its acknowledgement. */
final class SyncSender implements Sender {

    private final BrokerEndpoint broker;
    private final int count;
    private final RequestFactory requests;
    private final SendLedger ledger;

    SyncSender(BrokerEndpoint broker, DemoProperties properties, RequestFactory requests, SendLedger ledger) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.count = properties.getCount();
        this.requests = Objects.requireNonNull(requests, "requests");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public void sendAll() throws InterruptedException {
        Progress progress = new Progress("sent", count);
        for (int seq = 0; seq < count && !ledger.tooManyFailures(); seq++) {
            SendMessageRequestHeader header = requests.send(seq);
            byte[] body = requests.body(seq);
            ledger.sent(seq);
            long start = System.nanoTime();
            try {
                ledger.answered(seq, broker.api().send(broker.address(), header, body), System.nanoTime() - start);
            } catch (RemotingException | RemotingResponseException e) {
                ledger.failed(seq, e);
            }
            progress.update(ledger.sent());
        }
    }
}
