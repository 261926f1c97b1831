package dev.remoting.sample.client;

import dev.remoting.RemotingClient;
import dev.remoting.sample.client.DemoProperties.Mode;
import dev.remoting.sample.protocol.BrokerApi;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the demo: join the consumer group, send the messages, pull them all back and check them (what "in
 * order" means is said on {@link Verifier}).
 */
final class DemoRun {

    private static final Logger log = LoggerFactory.getLogger(DemoRun.class);

    private final DemoProperties properties;
    private final String clientId;
    private final Mode mode;
    private final int count;
    private final int queues;
    private final Problems problems = new Problems();
    private final BrokerEndpoint broker;
    private final RequestFactory requests;
    private final BrokerCalls calls;
    private final SendLedger ledger;
    private final Verifier verifier;
    private final ObservationRegistry observations;
    private final Tracer tracer;

    DemoRun(DemoProperties properties, BrokerApi api, RemotingClient client, long runId, String clientId,
            ObservationRegistry observations, Tracer tracer) {
        this.observations = Objects.requireNonNull(observations, "observations");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.mode = properties.getMode();
        this.count = properties.getCount();
        this.queues = properties.getQueues();
        MessageBodies bodies = new MessageBodies(runId, (int) properties.getMessageSize().toBytes());
        this.broker = new BrokerEndpoint(api, client, properties);
        this.requests = new RequestFactory(properties, bodies);
        this.calls = new BrokerCalls(broker, properties, requests);
        this.ledger = new SendLedger(count, queues, problems);
        this.verifier = new Verifier(count, queues, mode, bodies, problems);
    }

    Summary run() throws DemoException, InterruptedException {
        joinGroup();
        long[] startOffsets = calls.queueOffsets();
        log.info("sending {} messages of {} bytes to topic {} ({} queues, {}{})", String.format("%,d", count),
                properties.getMessageSize().toBytes(), properties.getTopic(), queues, mode,
                mode == Mode.ASYNC ? ", window " + properties.getWindow() : "");
        long sendStart = System.nanoTime();
        sender(startOffsets).sendAll();
        double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
        log.info("pulling the messages back from {} queues", queues);
        long receiveStart = System.nanoTime();
        new Puller(broker, properties, requests, verifier, problems).pullAll(startOffsets, ledger);
        double receiveSeconds = (System.nanoTime() - receiveStart) / 1e9;
        long verified = verifier.verify(ledger);
        // ONEWAY sends are never acknowledged: no acks, no latencies, so both percentiles are null.
        LatencyPercentiles latencies = new LatencyPercentiles(ledger.ackedLatencies());
        long sent = ledger.sent();
        return new Summary(clientId, mode, properties.getTopic(), queues, properties.getMessageSize().toBytes(), count,
                sent, ledger.acked(), verifier.received(), verified, sendSeconds, receiveSeconds,
                sendSeconds > 0 ? sent / sendSeconds : 0, latencies.millis(0.50), latencies.millis(0.99),
                problems.list());
    }

    /**
     * Joins the consumer group inside an observation of its own, the root of one trace: the heartbeat's client span
     * is its child, and the broker's handler continues the trace from the request's traceparent, so the broker's log
     * line of the join carries the trace id logged here.
     */
    private void joinGroup() throws DemoException, InterruptedException {
        Observation join = Observation.start("demo.join-group", observations)
                .lowCardinalityKeyValue("consumer.group", properties.getConsumerGroup());
        try (Observation.Scope scope = join.openScope()) {
            calls.joinGroup(clientId);
            Span span = tracer.currentSpan();
            if (span != null) {
                // demo.sh looks for this line, and for the trace id in the broker's log line of the join.
                log.info("trace of the consumer group join: {}", span.context().traceId());
            }
        } catch (DemoException | InterruptedException | RuntimeException e) {
            join.error(e);
            throw e;
        } finally {
            join.stop();
        }
    }

    private Sender sender(long[] startOffsets) {
        return switch (mode) {
            case SYNC -> new SyncSender(broker, properties, requests, ledger);
            case ASYNC -> new AsyncSender(broker, properties, requests, ledger, problems);
            case ONEWAY -> new OnewaySender(broker, properties, requests, ledger, calls, startOffsets);
        };
    }
}
