package dev.remoting.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Command-line options of the harness, with the defaults of a full run. */
final class Options {

    static final String USAGE = """
            usage: java -Xms1g -Xmx1g -XX:+UseG1GC -jar remoting-benchmark.jar [options]

              --quick                 smoke run (~1 min): 1 round, 0.2 s warm-up + 0.5 s measured per run;
                                      writes no file unless --out is given
              --rounds N              interleaved rounds per workload (default 3); medians are reported
              --warmup SECONDS        warm-up per run (default 0.5)
              --measure SECONDS       measured window per run (default 2)
              --jit-warmup SECONDS    one-off warm-up of each implementation before the first workload (default 6;
                                      the client JVM is shared, so this warms both sides' JIT once)
              --impl LIST             comma-separated subset of these (default: all, in this order):
            %s
              --workloads LIST        comma-separated workload ids or leading parts of them, e.g. sync-1,async,conn
                                      (ids: sync-1-128 sync-1-4k sync-16-128 sync-16-4k async-256-128 async-256-4k
                                       oneway-1024-128 oneway-1024-4k conn-1000-128)
              --business-threads N    server business executor threads (default 4)
              --async-window N        async calls in flight (default 256)
              --oneway-window N       oneway requests not yet counted by the server (default 1024)
              --connections N         connections of the connection-count workload (default 1000)
              --conn-threads N        caller threads of the connection-count workload (default 64)
              --server-jvm-args ARGS  JVM flags of every server JVM, one string (default "-Xms1g -Xmx1g -XX:+UseG1GC")
              --jfr DIR               record a JFR profile of each server JVM into DIR/server-<impl>.jfr
              --jfr-settings NAME     JFR settings for --jfr: "profile" (default), "default" or a .jfc file
              --out FILE              markdown file to update (default docs/benchmarks.md, none with --quick)
              --no-write              print the tables only
              --help
            """.formatted(Arrays.stream(Implementation.values()).map(i -> " ".repeat(28) + i.id())
            .collect(Collectors.joining("\n")));

    static final List<String> DEFAULT_SERVER_JVM_ARGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");

    boolean quick;
    int rounds = 3;
    long warmupMillis = 500;
    long measureMillis = 2000;
    long jitWarmupMillis = 6000;
    List<Implementation> impls = List.of(Implementation.values());
    List<String> workloadFilter = List.of();
    int businessThreads = 4;
    int asyncWindow = 256;
    int onewayWindow = 1024;
    int connections = 1000;
    int connThreads = 64;
    List<String> serverJvmArgs = DEFAULT_SERVER_JVM_ARGS;
    Path jfrDir;
    String jfrSettings = "profile";
    Path out;
    boolean outGiven;
    boolean noWrite;
    List<String> commandLine = List.of();

    static Options parse(String... args) {
        Options o = new Options();
        o.commandLine = List.of(args);
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        // --quick first, so that explicit values given with it still win
        if (rest.remove("--quick")) {
            o.quick = true;
            o.rounds = 1;
            o.warmupMillis = 200;
            o.measureMillis = 500;
            o.jitWarmupMillis = 1500;
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            switch (arg) {
                case "--help", "-h" -> throw new UsageException(null);
                case "--no-write" -> o.noWrite = true;
                case "--rounds" -> o.rounds = positive(arg, value(rest, ++i, arg));
                case "--warmup" -> o.warmupMillis = millis(arg, value(rest, ++i, arg), true);
                case "--measure" -> o.measureMillis = millis(arg, value(rest, ++i, arg), false);
                case "--jit-warmup" -> o.jitWarmupMillis = millis(arg, value(rest, ++i, arg), true);
                case "--impl" -> o.impls = Arrays.stream(value(rest, ++i, arg).split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).map(Implementation::byId).distinct().sorted().toList();
                case "--workloads" -> o.workloadFilter = Arrays.stream(value(rest, ++i, arg).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                case "--business-threads" -> o.businessThreads = positive(arg, value(rest, ++i, arg));
                case "--async-window" -> o.asyncWindow = positive(arg, value(rest, ++i, arg));
                case "--oneway-window" -> o.onewayWindow = Math.max(2, positive(arg, value(rest, ++i, arg)));
                case "--connections" -> o.connections = Math.max(2, positive(arg, value(rest, ++i, arg)));
                case "--conn-threads" -> o.connThreads = positive(arg, value(rest, ++i, arg));
                case "--server-jvm-args" -> o.serverJvmArgs = Arrays.stream(value(rest, ++i, arg).trim().split("\\s+"))
                        .filter(s -> !s.isEmpty()).toList();
                case "--jfr" -> o.jfrDir = Path.of(value(rest, ++i, arg));
                case "--jfr-settings" -> o.jfrSettings = value(rest, ++i, arg);
                case "--out" -> {
                    o.out = Path.of(value(rest, ++i, arg));
                    o.outGiven = true;
                }
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if (o.impls.isEmpty()) {
            throw new UsageException("--impl names no implementation");
        }
        if (o.workloads().isEmpty()) {
            throw new UsageException("--workloads matches no workload");
        }
        if (!o.outGiven && !o.quick) {
            o.out = Path.of("docs", "benchmarks.md");
        }
        return o;
    }

    /** Every workload, in report order. */
    List<Workload> allWorkloads() {
        List<Workload> all = new ArrayList<>();
        for (Workload.Kind kind : Workload.Kind.values()) {
            for (int size : new int[] {128, 4096}) {
                switch (kind) {
                    case SYNC -> {
                        all.add(new Workload(kind, 1, size, 1));
                        all.add(new Workload(kind, 16, size, 1));
                    }
                    case ASYNC -> all.add(new Workload(kind, asyncWindow, size, 1));
                    case ONEWAY -> all.add(new Workload(kind, onewayWindow, size, 1));
                }
            }
        }
        all.sort(java.util.Comparator.comparing((Workload w) -> w.kind()).thenComparing(Workload::concurrency)
                .thenComparing(Workload::bodySize));
        all.add(new Workload(Workload.Kind.SYNC, connThreads, 128, connections));
        return all;
    }

    /** The workloads selected by {@code --workloads}, in report order. */
    List<Workload> workloads() {
        if (workloadFilter.isEmpty()) {
            return allWorkloads();
        }
        // "sync-1" selects sync-1-128 and sync-1-4k but not sync-16-*; "sync" selects all sync workloads.
        return allWorkloads().stream().filter(w -> workloadFilter.stream()
                .anyMatch(f -> w.id().equals(f) || w.id().startsWith(f + "-"))).toList();
    }

    Runner.Timing timing() {
        return new Runner.Timing(warmupMillis, measureMillis);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " needs a positive integer, got '" + value + "'");
    }

    private static long millis(String option, String seconds, boolean zeroAllowed) {
        try {
            double s = Double.parseDouble(seconds);
            if (s > 0 || zeroAllowed && s == 0) {
                return Math.round(s * 1000);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " needs a number of seconds, got '" + seconds + "'");
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%s s", millis % 1000 == 0 ? Long.toString(millis / 1000)
                : Double.toString(millis / 1000.0));
    }

    /** A bad command line; the message is null for {@code --help}. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
