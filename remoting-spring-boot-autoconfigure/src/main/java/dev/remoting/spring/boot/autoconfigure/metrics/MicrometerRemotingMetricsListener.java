package dev.remoting.spring.boot.autoconfigure.metrics;

import dev.remoting.RemotingMetricsListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records {@code remoting.server.requests} for requests this side answers and {@code remoting.client.requests} for
 * calls it makes, tagged with the side and the client. Timers are looked up once per tag combination and cached,
 * since this runs for every request.
 */
final class MicrometerRemotingMetricsListener implements RemotingMetricsListener {

    /** Tag value for request codes that no processor handles, so peers cannot blow up tag cardinality. */
    static final String UNKNOWN_CODE = "UNKNOWN";

    private final MeterRegistry registry;
    private final String side;
    private final String client;
    private final Map<Long, Timer> serverTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> clientTimers = new ConcurrentHashMap<>();

    /** @param client the client's name, or {@link RemotingMetrics#NO_CLIENT} for the server */
    MicrometerRemotingMetricsListener(MeterRegistry registry, String side, String client) {
        this.registry = registry;
        this.side = side;
        this.client = client;
    }

    @Override
    public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
        long key = known ? ((long) requestCode << 32) | (responseCode & 0xFFFFFFFFL)
                : (Long.MIN_VALUE | (responseCode & 0xFFFFFFFFL));
        Timer timer = this.serverTimers.computeIfAbsent(key, k -> Timer.builder("remoting.server.requests")
                .description("Requests answered by this application, from arrival to the response being written")
                .tag("side", this.side)
                .tag("client", this.client)
                .tag("code", known ? String.valueOf(requestCode) : UNKNOWN_CODE)
                .tag("response.code", responseCode < 0 ? "NONE" : String.valueOf(responseCode))
                .register(this.registry));
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, long durationNanos) {
        String key = requestCode + "|" + mode.ordinal() + "|" + outcome.ordinal();
        Timer timer = this.clientTimers.computeIfAbsent(key, k -> Timer.builder("remoting.client.requests")
                .description("Calls made by this application, from the call to its outcome")
                .tag("side", this.side)
                .tag("client", this.client)
                .tag("code", String.valueOf(requestCode))
                .tag("mode", mode.name().toLowerCase())
                .tag("outcome", outcome.name())
                .register(this.registry));
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }
}
