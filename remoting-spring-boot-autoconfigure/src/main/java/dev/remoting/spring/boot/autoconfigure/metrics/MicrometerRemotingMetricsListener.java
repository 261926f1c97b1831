package dev.remoting.spring.boot.autoconfigure.metrics;

import dev.remoting.RemotingMetricsListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records {@code remoting.server.requests} for requests this side answers and {@code remoting.client.requests} for
 * calls it makes, when calls are not observed: the timers observations would give, with the same names and tags
 * (Boot's {@code error} aside), at a fraction of the cost. Timers are looked up once per tag combination and cached,
 * since this runs for every request: by request and response code packed into a long, which costs no string per call.
 */
public final class MicrometerRemotingMetricsListener implements RemotingMetricsListener {

    public static final String SERVER_TIMER = "remoting.server.requests";
    public static final String CLIENT_TIMER = "remoting.client.requests";

    /** Tag value for request codes that no processor handles, so peers cannot blow up tag cardinality. */
    static final String UNKNOWN_CODE = "UNKNOWN";

    /** OpenTelemetry's name for the protocol, as the observations tag it. */
    private static final String RPC_SYSTEM = "apache_rocketmq_remoting";

    private static final int OUTCOMES = CallOutcome.values().length;

    private final MeterRegistry registry;
    private final String side;
    private final String client;
    private final boolean serverTimer;
    private final boolean clientTimer;
    private final Map<Long, Timer> serverTimers = new ConcurrentHashMap<>();
    /** One map per mode and outcome (at {@code mode * OUTCOMES + outcome}): the codes fill the long key alone. */
    private final List<Map<Long, Timer>> clientTimers = Stream
            .generate(() -> (Map<Long, Timer>) new ConcurrentHashMap<Long, Timer>())
            .limit((long) InvokeMode.values().length * OUTCOMES).toList();

    /**
     * @param side {@code server} for a server's calls and requests, {@code client} for a client's
     * @param client the client's name, or {@link RemotingMetrics#NO_CLIENT} for the server
     * @param serverTimer whether {@value #SERVER_TIMER} is recorded ({@code management.observations.enable.*})
     * @param clientTimer whether {@value #CLIENT_TIMER} is recorded
     */
    public MicrometerRemotingMetricsListener(MeterRegistry registry, String side, String client, boolean serverTimer,
            boolean clientTimer) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.side = Objects.requireNonNull(side, "side");
        this.client = Objects.requireNonNull(client, "client");
        this.serverTimer = serverTimer;
        this.clientTimer = clientTimer;
    }

    @Override
    public void requestProcessed(int requestCode, boolean known, int responseCode, long durationNanos) {
        if (!this.serverTimer) {
            return;
        }
        long key = known ? codes(requestCode, responseCode) : (Long.MIN_VALUE | (responseCode & 0xFFFFFFFFL));
        // get first: computeIfAbsent's capturing lambda would be one more allocation per call.
        Timer timer = this.serverTimers.get(key);
        if (timer == null) {
            timer = this.serverTimers.computeIfAbsent(key, k -> Timer.builder(SERVER_TIMER)
                    .description("Requests answered by this application, from arrival to the response being written")
                    .tag("rpc.system", RPC_SYSTEM)
                    .tag("side", this.side)
                    .tag("client", this.client)
                    .tag("code", known ? String.valueOf(requestCode) : UNKNOWN_CODE)
                    .tag("response.code", responseCodeTag(responseCode))
                    .register(this.registry));
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void callCompleted(int requestCode, InvokeMode mode, CallOutcome outcome, int responseCode,
            long durationNanos) {
        if (!this.clientTimer) {
            return;
        }
        Map<Long, Timer> timers = this.clientTimers.get(mode.ordinal() * OUTCOMES + outcome.ordinal());
        long key = codes(requestCode, responseCode);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder(CLIENT_TIMER)
                    .description("Calls made by this application, from the call to its outcome")
                    .tag("rpc.system", RPC_SYSTEM)
                    .tag("side", this.side)
                    .tag("client", this.client)
                    .tag("code", String.valueOf(requestCode))
                    .tag("mode", mode.name().toLowerCase(Locale.ROOT))
                    .tag("outcome", outcome.name())
                    .tag("response.code", responseCodeTag(responseCode))
                    .register(this.registry));
        }
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
