package dev.remoting.sample.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the broker's actuator over HTTP: waits for {@code /actuator/health} to be UP, and summarises
 * {@code /actuator/remoting} and {@code /actuator/metrics/remoting.server.requests} in a few lines.
 */
final class BrokerActuator {

    private final String baseUrl;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    BrokerActuator(String baseUrl, JsonMapper json) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.json = json;
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * Polls the health endpoint until it reports UP.
     *
     * @throws IllegalStateException with the last status or error seen, when it is not UP within the timeout
     */
    void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> response = get("/actuator/health");
                String status = response.body().isEmpty() ? ""
                        : json.readTree(response.body()).path("status").asString();
                if ("UP".equals(status)) {
                    return;
                }
                last = "HTTP " + response.statusCode() + ", status " + (status.isEmpty() ? "unknown" : status);
            } catch (IOException | JacksonException e) {
                last = e.toString();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the broker at " + baseUrl + " did not report UP on /actuator/health"
                        + " within " + timeout.toSeconds() + " s (last: " + last + ")");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Returns a few lines about the broker's remoting server, executors and request timer. */
    List<String> report() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        try {
            JsonNode remoting = json.readTree(get("/actuator/remoting").body());
            JsonNode server = remoting.path("server");
            lines.add("broker /actuator/remoting: server port " + server.path("port").asString() + ", "
                    + server.path("state").asString() + ", " + server.path("connections").size() + " connection(s)");
            // The keys are request codes, not counts: the label says so, and which executor each code runs on.
            List<String> processors = new ArrayList<>();
            for (Map.Entry<String, JsonNode> processor : server.path("processors").properties()) {
                processors.add("code " + processor.getKey() + " on executor "
                        + processor.getValue().path("executor").asString());
            }
            lines.add("  request codes handled: " + String.join(", ", processors));
            List<String> executors = new ArrayList<>();
            for (Map.Entry<String, JsonNode> executor : remoting.path("executors").properties()) {
                if (executor.getKey().equals("send") || executor.getKey().equals("pull")) {
                    JsonNode e = executor.getValue();
                    executors.add(executor.getKey() + ": " + String.format("%,d", e.path("completed").asLong())
                            + " tasks completed, " + e.path("rejected").asLong() + " rejected, "
                            + e.path("poolSize").asInt() + " of " + e.path("maxPoolSize").asInt() + " threads");
                }
            }
            lines.add("  executors: " + String.join("; ", executors));
        } catch (IOException | JacksonException e) {
            lines.add("broker /actuator/remoting: " + e);
        }
        try {
            JsonNode timer = json.readTree(get("/actuator/metrics/remoting.server.requests").body());
            List<String> measurements = new ArrayList<>();
            for (JsonNode measurement : timer.path("measurements")) {
                String statistic = measurement.path("statistic").asString();
                double value = measurement.path("value").asDouble();
                // Micrometer's statistic names (COUNT, TOTAL_TIME, MAX) in words that say what each number is.
                String unit = timer.path("baseUnit").asText("seconds");
                measurements.add(switch (statistic) {
                    case "COUNT" -> String.format("%,d requests answered", (long) value);
                    case "TOTAL_TIME" -> String.format("%.3f %s in total", value, unit);
                    case "MAX" -> String.format("slowest %.3f %s (recent)", value, unit);
                    default -> statistic.toLowerCase(Locale.ROOT) + " " + value;
                });
            }
            lines.add("broker /actuator/metrics/remoting.server.requests: " + String.join(", ", measurements));
        } catch (IOException | JacksonException e) {
            lines.add("broker /actuator/metrics/remoting.server.requests: " + e);
        }
        return lines;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json").GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
