package dev.remoting.spring.boot.autoconfigure.metrics;

import dev.remoting.RemotingMetricsListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records {@code remoting.server.requests} for requests this side answers and {@code remoting.client.requests} for
 * calls it makes, tagged with the side and the client. Timers are looked up once per tag combination and cached,
 * since this runs for every request: by request and response code packed into a long, which costs no string per call.
 */
final class MicrometerRemotingMetricsListener implements RemotingMetricsListener {

    /** Tag value for request codes that no processor handles, so peers cannot blow up tag cardinality. */
    static final String UNKNOWN_CODE = "UNKNOWN";

    private static final int OUTCOMES = CallOutcome.values().length;

    private final MeterRegistry registry;
    private final String side;
    private final String client;
    private final Map<Long, Timer> serverTimers = new ConcurrentHashMap<>();
    /** One map per mode and outcome (at {@code mode * OUTCOMES + outcome}): the codes fill the long key alone. */
    private final List<Map<Long, Timer>> clientTimers = Stream
            .generate(() -> (Map<Long, Timer>) new ConcurrentHashMap<Long, Timer>())
            .limit((long) InvokeMode.values().length * OUTCOMES).toList();

    /** @param client the client's name, or {@link RemotingMetrics#NO_CLIENT} for the server */
    MicrometerRemotingMetricsListener(MeterRegistry registry, String side, String client) {
        this.registry = registry;
        this.side = side;
        this.client = client;
    }

    @Override
    public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
        long key = known ? codes(requestCode, responseCode) : (Long.MIN_VALUE | (responseCode & 0xFFFFFFFFL));
        Timer timer = this.serverTimers.computeIfAbsent(key, k -> Timer.builder("remoting.server.requests")
                .description("Requests answered by this application, from arrival to the response being written")
                .tag("side", this.side)
                .tag("client", this.client)
                .tag("code", known ? String.valueOf(requestCode) : UNKNOWN_CODE)
                .tag("response.code", responseCodeTag(responseCode))
                .register(this.registry));
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, int responseCode,
            long durationNanos) {
        Map<Long, Timer> timers = this.clientTimers.get(mode.ordinal() * OUTCOMES + outcome.ordinal());
        Timer timer = timers.computeIfAbsent(codes(requestCode, responseCode),
                k -> Timer.builder("remoting.client.requests")
                        .description("Calls made by this application, from the call to its outcome")
                        .tag("side", this.side)
                        .tag("client", this.client)
                        .tag("code", String.valueOf(requestCode))
                        .tag("mode", mode.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", outcome.name())
                        .tag("response.code", responseCodeTag(responseCode))
                        .register(this.registry));
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private static long codes(int requestCode, int responseCode) {
        return ((long) requestCode << 32) | (responseCode & 0xFFFFFFFFL);
    }

    /** A response code, or {@code NONE} when there was no response (-1). */
    private static String responseCodeTag(int responseCode) {
        return responseCode < 0 ? "NONE" : String.valueOf(responseCode);
    }
}
