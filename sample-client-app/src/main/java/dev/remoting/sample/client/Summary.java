package dev.remoting.sample.client;

import dev.remoting.sample.client.DemoProperties.Mode;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a run.
 *
 * @param clientId the id this client joined its consumer group with
 * @param sent messages handed to the client (for SYNC and ASYNC: calls made)
 * @param acked messages the broker acknowledged as stored (0 for ONEWAY, which has no acknowledgements)
 * @param received messages pulled back
 * @param verified messages found intact where they belong: at the offset of their acknowledgement, or (ONEWAY)
 *        exactly once in their queue
 * @param throughput messages sent per second, from the first send to the last acknowledgement
 * @param p50Millis median call latency of acknowledged sends, or {@code null} for ONEWAY
 * @param p99Millis 99th percentile call latency of acknowledged sends, or {@code null} for ONEWAY
 * @param problems what went wrong, empty when every message was verified
 */
public record Summary(String clientId, Mode mode, String topic, int queues, long messageSize, int count, long sent,
        long acked, long received, long verified, double sendSeconds, double receiveSeconds, double throughput,
        Double p50Millis, Double p99Millis, List<String> problems) {

    /** Whether every message was sent, acknowledged (unless ONEWAY), received and verified. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** Returns the summary as lines for the console. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("summary: " + mode + " to topic " + topic + ", " + queues + " queues, " + messageSize
                + "-byte bodies");
        lines.add(String.format("  sent      %,d messages", sent));
        lines.add(mode == Mode.ONEWAY ? "  acked     - (oneway sends have no acknowledgement)"
                : String.format("  acked     %,d messages", acked));
        lines.add(String.format("  received  %,d messages", received));
        lines.add(String.format("  verified  %,d messages", verified));
        lines.add(String.format("  throughput %,.0f msg/s (sent in %.2f s, pulled back in %.2f s)", throughput,
                sendSeconds, receiveSeconds));
        lines.add(p50Millis == null
                ? "  latency   - (" + (mode == Mode.ONEWAY ? "oneway" : "nothing acknowledged") + ")"
                : String.format("  latency   p50 %.3f ms, p99 %.3f ms", p50Millis, p99Millis));
        if (ok()) {
            lines.add("  result    OK: every " + (mode == Mode.ONEWAY ? "sent" : "acknowledged")
                    + " message came back intact and in order");
        } else {
            lines.add("  result    FAILED:");
            problems.forEach(problem -> lines.add("    - " + problem));
        }
        return lines;
    }
}
