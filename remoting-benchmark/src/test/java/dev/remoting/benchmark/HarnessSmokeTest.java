package dev.remoting.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Correctness only, so that CI notices when the harness breaks: every implementation's server starts in its own
 * JVM, echoes bodies byte for byte (sync and async), counts oneway requests, reports its stats, and survives a
 * fraction of a second of every workload; the report and the docs file come out. No timing assertions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HarnessSmokeTest {

    /** Small and quick to start; the real runs use {@link Options#DEFAULT_SERVER_JVM_ARGS}. */
    private static final List<String> SERVER_JVM_ARGS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final List<ServerProcess> servers = new ArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        List<ServerProcess.Starting> starting = new ArrayList<>();
        for (Implementation impl : Implementation.values()) {
            // The wildcard bind lets the connection workload use several 127.0.x.y addresses, as in real runs.
            starting.add(ServerProcess.launch(impl, SERVER_JVM_ARGS, 2, "0.0.0.0"));
        }
        for (ServerProcess.Starting s : starting) {
            servers.add(s.await());
        }
    }

    @AfterAll
    static void stopServers() {
        servers.parallelStream().forEach(ServerProcess::close);
    }

    @Test
    void everyImplementationEchoesCountsAndReports() throws Exception {
        for (ServerProcess server : servers) {
            try (BenchClient client = server.impl().newClient(Runner.addresses(server.port(), 1))) {
                for (int size : new int[] {0, 128, 4096, 100_000}) {
                    byte[] body = Runner.body(size);
                    Runner.checkFullEcho(client.sync(0, Codes.ECHO, body), body);

                    CompletableFuture<byte[]> async = new CompletableFuture<>();
                    client.async(0, Codes.ECHO, body, (response, error) -> {
                        if (error != null) {
                            async.completeExceptionally(error);
                        } else {
                            async.complete(response);
                        }
                    });
                    Runner.checkFullEcho(async.get(10, TimeUnit.SECONDS), body);
                }

                long before = ServerStats.decodeCount(client.sync(0, Codes.COUNT, Codes.EMPTY));
                for (int i = 0; i < 50; i++) {
                    client.oneway(0, Codes.ONEWAY, Runner.body(128));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                long counted;
                do {
                    counted = ServerStats.decodeCount(client.sync(0, Codes.COUNT, Codes.EMPTY)) - before;
                } while (counted < 50 && System.nanoTime() < deadline);
                assertThat(counted).as("oneway requests counted by %s", server.impl()).isEqualTo(50);

                ServerStats stats = ServerStats.decode(client.sync(0, Codes.STATS, Codes.EMPTY));
                assertThat(stats.cpuNanos()).isPositive();
                assertThat(stats.allocatedBytesByThread()).isNotEmpty();
            }
        }
    }

    @Test
    void everyWorkloadRunsAgainstEveryImplementation(@TempDir Path dir) throws Exception {
        Options options = Options.parse("--connections", "6", "--conn-threads", "4", "--async-window", "32",
                "--oneway-window", "64", "--no-write");
        List<Workload> workloads = options.workloads();
        assertThat(workloads).extracting(Workload::id).containsExactly("sync-1-128", "sync-1-4k", "sync-16-128",
                "sync-16-4k", "async-32-128", "async-32-4k", "oneway-64-128", "oneway-64-4k", "conn-6-128");

        List<Result> results = new ArrayList<>();
        Runner.Timing timing = new Runner.Timing(30, 100);
        boolean manyAddresses = Runner.loopbackRangeWorks();
        for (Workload workload : workloads) {
            if (workload.connections() > 1 && !manyAddresses) {
                continue; // 127.0.x.y is not loopback here (macOS without aliases)
            }
            for (ServerProcess server : servers) {
                Result result = Runner.run(server.impl(), server.port(), workload, timing, 1);
                assertThat(result.errors()).as("errors of %s on %s: %s", workload.id(), server.impl(),
                        result.firstError()).isZero();
                assertThat(result.ops()).as("calls of %s on %s", workload.id(), server.impl()).isPositive();
                if (workload.hasLatency()) {
                    assertThat(result.latency().getTotalCount()).isEqualTo(result.ops());
                }
                results.add(result);
            }
        }

        String tables = new Report(results, List.of(Implementation.values()), workloads).tables();
        assertThat(tables).contains("### Throughput", "### Sync latency", "### Bytes allocated per call",
                "ours default ÷ RocketMQ", "ours fastest ÷ floor", "ours traced ÷ ours default",
                "ours observed ÷ ours default", "ours metrics ÷ ours default",
                "6 connections, sync, 4 threads, 128 B")
                .doesNotContain("### Errors");
        assertThat(Options.parse("--workloads", "sync-1,conn").workloads()).extracting(Workload::id)
                .containsExactly("sync-1-128", "sync-1-4k", "conn-1000-128");

        Path doc = dir.resolve("docs/benchmarks.md");
        DocWriter.update(doc, "## Latest results\n\nfirst\n");
        String handWritten = Files.readString(doc).replace("_To be written", "Kept by hand. _To be written");
        Files.writeString(doc, handWritten);
        DocWriter.update(doc, "## Latest results\n\nsecond\n");
        assertThat(Files.readString(doc)).contains("second", "Kept by hand.", "## Design choices")
                .doesNotContain("first");
    }
}
