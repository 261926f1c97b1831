package dev.remoting.benchmark;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A whole run: one server JVM per implementation (identical flags), then for each workload R rounds that run the
 * implementations in turn (A, B, C, D, A, B, C, D, ...) so that drift of the machine hits all of them alike.
 */
final class Benchmark {

    /** What a run produced: every result and the markdown section describing it. */
    record Outcome(List<Result> results, String markdown) {
    }

    private Benchmark() {
    }

    static Outcome run(Options options, PrintStream progress) throws Exception {
        List<Workload> workloads = options.workloads();
        if (workloads.stream().anyMatch(w -> w.connections() > 1) && !Runner.loopbackRangeWorks()) {
            progress.println("skipping the connection-count workload: 127.0.x.y addresses do not reach this machine "
                    + "(on macOS add loopback aliases, e.g. sudo ifconfig lo0 alias 127.0.1.1 up, for each)");
            workloads = workloads.stream().filter(w -> w.connections() == 1).toList();
            if (workloads.isEmpty()) {
                throw new IllegalStateException("no workload left to run");
            }
        }
        List<Implementation> impls = options.impls;
        String loadBefore = MachineInfo.loadAverage();
        // Many connections need many loopback addresses (127.0.x.y), which only a wildcard bind accepts.
        boolean manyAddresses = workloads.stream().anyMatch(w -> w.connections() > 1);
        String bindAddress = manyAddresses ? "0.0.0.0" : "127.0.0.1";

        Map<Implementation, ServerProcess> servers = new EnumMap<>(Implementation.class);
        Thread cleanup = new Thread(() -> servers.values().forEach(ServerProcess::close), "stop-servers");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<Result> results = new ArrayList<>();
        try {
            List<ServerProcess.Starting> starting = new ArrayList<>();
            for (Implementation impl : impls) {
                starting.add(ServerProcess.launch(impl, serverJvmArgs(options, impl), options.businessThreads,
                        bindAddress));
            }
            for (ServerProcess.Starting s : starting) {
                ServerProcess server = s.await();
                servers.put(server.impl(), server);
                progress.printf("server %-21s pid %d, port %d%n", server.impl().id(), server.pid(), server.port());
            }

            if (options.jitWarmupMillis > 0) {
                List<Workload> jit = List.of(new Workload(Workload.Kind.SYNC, 16, 128, 1),
                        new Workload(Workload.Kind.ASYNC, options.asyncWindow, 4096, 1),
                        new Workload(Workload.Kind.ONEWAY, options.onewayWindow, 128, 1));
                Runner.Timing timing = new Runner.Timing(options.jitWarmupMillis / jit.size(), 1);
                for (Implementation impl : impls) {
                    progress.printf("JIT warm-up of %s (%s)%n", impl.id(), Options.seconds(options.jitWarmupMillis));
                    for (Workload w : jit) {
                        Runner.run(impl, servers.get(impl).port(), w, timing, 0);
                    }
                }
            }

            for (Workload workload : workloads) {
                for (int round = 1; round <= options.rounds; round++) {
                    for (Implementation impl : impls) {
                        ServerProcess server = servers.get(impl);
                        if (!server.isAlive()) {
                            throw new IllegalStateException("server " + impl.id() + " died");
                        }
                        Result result;
                        try {
                            result = Runner.run(impl, server.port(), workload, options.timing(), round);
                        } catch (Exception e) {
                            // Keep going: one broken cell should not cost the rest of a long run.
                            result = new Result(impl, workload, round, 0, 0, 1, String.valueOf(e), null, 0, 0, 0, 0);
                        }
                        results.add(result);
                        progress.printf("%-16s round %d/%d  %-21s %s%n", workload.id(), round, options.rounds,
                                impl.id(), result.summary());
                    }
                }
            }
        } finally {
            servers.values().parallelStream().forEach(ServerProcess::close);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        String loadAfter = MachineInfo.loadAverage();
        String markdown = section(options, workloads, impls, results, loadBefore, loadAfter);
        return new Outcome(results, markdown);
    }

    private static List<String> serverJvmArgs(Options options, Implementation impl) throws Exception {
        if (options.jfrDir == null) {
            return options.serverJvmArgs;
        }
        Files.createDirectories(options.jfrDir);
        List<String> args = new ArrayList<>(options.serverJvmArgs);
        args.add("-XX:StartFlightRecording=filename=" + options.jfrDir.resolve("server-" + impl.id() + ".jfr")
                .toAbsolutePath() + ",settings=" + options.jfrSettings
                + ",dumponexit=true");
        return args;
    }

    private static String section(Options options, List<Workload> workloads, List<Implementation> impls,
            List<Result> results, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("## Latest results\n\n");
        if (options.quick) {
            md.append("**Quick smoke run: one short round; the figures show that the harness works, not how fast "
                    + "anything is.**\n\n");
        }
        String revision = MachineInfo.gitRevision();
        md.append("- Run: ").append(MachineInfo.date());
        if (revision != null) {
            md.append(", commit ").append(revision);
        }
        md.append("; ").append(options.rounds).append(options.rounds == 1 ? " round" : " rounds")
                .append(" interleaved (").append(impls.stream().map(Implementation::label)
                        .collect(Collectors.joining(", "))).append(" in turn), ")
                .append(Options.seconds(options.warmupMillis)).append(" warm-up + ")
                .append(Options.seconds(options.measureMillis)).append(" measured per run, medians across rounds")
                .append(options.commandLine.isEmpty() ? "" : "; options `" + String.join(" ", options.commandLine)
                        + "`")
                .append(".\n");
        md.append("- Machine: ").append(MachineInfo.processors()).append(" CPUs (").append(MachineInfo.cpuModel())
                .append("), ").append(MachineInfo.memory()).append(" RAM, ").append(MachineInfo.os())
                .append("; load average (1/5/15 min) before ").append(loadBefore).append(", after ")
                .append(loadAfter).append(".\n");
        md.append("- JVM: ").append(MachineInfo.jvm()).append("; server JVMs `")
                .append(String.join(" ", options.serverJvmArgs)).append("`; client (harness) JVM `")
                .append(String.join(" ", MachineInfo.clientJvmArgs())).append("`.\n");
        md.append("- Server: one JVM per implementation; echo and oneway processors on a fixed pool of ")
                .append(options.businessThreads).append(" business threads (the floor answers on its I/O thread). ")
                .append("Client: a fresh client per run, in the harness JVM; request bodies echoed back, no custom "
                        + "header.\n");
        md.append("- ours fastest: ").append(OursBench.FASTEST_DESCRIPTION).append(".\n");
        if (impls.contains(Implementation.OURS_DISCOVERY)) {
            md.append("- ours discovery: ").append(DiscoveryBench.DESCRIPTION).append(".\n");
        }
        if (impls.stream().anyMatch(Implementation::observed)) {
            md.append("- ours metrics, observed and traced: ").append(Observability.DESCRIPTION).append(".\n");
        }
        md.append('\n');
        md.append(new Report(results, impls, workloads).tables());
        return md.toString();
    }
}
