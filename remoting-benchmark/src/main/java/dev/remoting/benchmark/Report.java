package dev.remoting.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The markdown tables: medians across rounds per workload and implementation, with the ratios. */
final class Report {

    /**
     * The issues' targets, then what discovery and observation cost: each such implementation against ours default.
     */
    private static final List<Ratio> THROUGHPUT_RATIOS = List.of(
            new Ratio("ours default ÷ RocketMQ (target ≥ 1.5)", Implementation.OURS_DEFAULT,
                    Implementation.ROCKETMQ),
            new Ratio("ours fastest ÷ floor (target ≥ 0.70)", Implementation.OURS_FASTEST, Implementation.FLOOR),
            new Ratio("ours declarative ÷ ours default (target ≥ 0.95)", Implementation.OURS_DECLARATIVE,
                    Implementation.OURS_DEFAULT),
            Ratio.againstDefault(Implementation.OURS_DISCOVERY),
            Ratio.againstDefault(Implementation.OURS_METRICS),
            Ratio.againstDefault(Implementation.OURS_OBSERVED),
            Ratio.againstDefault(Implementation.OURS_TRACED));

    private static final List<Ratio> P99_RATIOS = List.of(
            new Ratio("p99 ours default ÷ RocketMQ (target ≤ 0.6)", Implementation.OURS_DEFAULT,
                    Implementation.ROCKETMQ));

    private final List<Result> results;
    private final List<Implementation> impls;
    private final List<Workload> workloads;

    Report(List<Result> results, List<Implementation> impls, List<Workload> workloads) {
        this.results = results;
        this.impls = impls;
        this.workloads = workloads;
    }

    /** The median of a figure across the rounds of one cell, or NaN when the cell was not run. */
    double median(Workload workload, Implementation impl, ToDoubleFunction<Result> figure) {
        double[] values = results.stream().filter(r -> r.workload().equals(workload) && r.impl() == impl)
                .mapToDouble(figure).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** (max - min) / median of throughput across rounds, or NaN with fewer than two rounds. */
    double spread(Workload workload, Implementation impl) {
        double[] values = results.stream().filter(r -> r.workload().equals(workload) && r.impl() == impl)
                .mapToDouble(Result::opsPerSecond).sorted().toArray();
        if (values.length < 2) {
            return Double.NaN;
        }
        return (values[values.length - 1] - values[0]) / median(workload, impl, Result::opsPerSecond);
    }

    String tables() {
        StringBuilder md = new StringBuilder();
        List<Ratio> throughputRatios = THROUGHPUT_RATIOS.stream().filter(r -> r.applies(impls)).toList();
        List<Ratio> p99Ratios = P99_RATIOS.stream().filter(r -> r.applies(impls)).toList();

        md.append("### Throughput (calls/s; oneway: requests the server received per second)\n\n");
        List<String> heads = new ArrayList<>(List.of("workload"));
        impls.forEach(i -> heads.add(i.label()));
        throughputRatios.forEach(r -> heads.add(r.heading()));
        header(md, heads);
        for (Workload w : workloads) {
            List<String> row = new ArrayList<>(List.of(w.label()));
            impls.forEach(i -> row.add(number(median(w, i, Result::opsPerSecond))));
            throughputRatios.forEach(r -> row.add(r.cell(this, w, Result::opsPerSecond)));
            row(md, row);
        }

        List<Workload> sync = workloads.stream().filter(Workload::hasLatency).toList();
        if (!sync.isEmpty()) {
            md.append("\n### Sync latency (µs: p50 / p99 / p99.9)\n\n");
            List<String> latencyHeads = new ArrayList<>(List.of("workload"));
            impls.forEach(i -> latencyHeads.add(i.label()));
            p99Ratios.forEach(r -> latencyHeads.add(r.heading()));
            header(md, latencyHeads);
            for (Workload w : sync) {
                List<String> row = new ArrayList<>(List.of(w.label()));
                impls.forEach(i -> row.add(micros(median(w, i, r -> r.latencyMicros(50))) + " / "
                        + micros(median(w, i, r -> r.latencyMicros(99))) + " / "
                        + micros(median(w, i, r -> r.latencyMicros(99.9)))));
                p99Ratios.forEach(r -> row.add(r.cell(this, w, result -> result.latencyMicros(99))));
                row(md, row);
            }
        }

        md.append("\n### Bytes allocated per call (client / server JVM, all threads)\n\n");
        List<String> plainHeads = new ArrayList<>(List.of("workload"));
        impls.forEach(i -> plainHeads.add(i.label()));
        header(md, plainHeads);
        for (Workload w : workloads) {
            List<String> row = new ArrayList<>(List.of(w.label()));
            impls.forEach(i -> row.add(number(median(w, i, Result::clientBytesPerCall)) + " / "
                    + number(median(w, i, Result::serverBytesPerCall))));
            row(md, row);
        }

        md.append("\n### CPU time per call (µs: client + server JVM, all threads including GC and JIT)\n\n");
        header(md, plainHeads);
        for (Workload w : workloads) {
            List<String> row = new ArrayList<>(List.of(w.label()));
            impls.forEach(i -> row.add(decimal(median(w, i, Result::clientCpuMicrosPerCall)) + " + "
                    + decimal(median(w, i, Result::serverCpuMicrosPerCall))));
            row(md, row);
        }

        long rounds = results.stream().mapToInt(Result::round).distinct().count();
        if (rounds > 1) {
            md.append("\n### Run-to-run spread of throughput ((max − min) ÷ median across rounds)\n\n");
            header(md, plainHeads);
            for (Workload w : workloads) {
                List<String> row = new ArrayList<>(List.of(w.label()));
                impls.forEach(i -> row.add(percent(spread(w, i))));
                row(md, row);
            }
        }

        List<Result> failed = results.stream().filter(r -> r.errors() > 0).toList();
        if (!failed.isEmpty()) {
            md.append("\n### Errors\n\n");
            for (Result r : failed) {
                md.append("- ").append(r.workload().label()).append(", ").append(r.impl().label()).append(", round ")
                        .append(r.round()).append(": ").append(r.errors()).append(" errors, first: ")
                        .append(r.firstError()).append('\n');
            }
        }
        return md.toString();
    }

    private static void header(StringBuilder md, List<String> cells) {
        row(md, cells);
        String[] rule = new String[cells.size()];
        Arrays.fill(rule, "---:");
        rule[0] = "---";
        row(md, Arrays.asList(rule));
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    static String number(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String decimal(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String micros(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String ratio(double numerator, double denominator) {
        if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f%%", value * 100);
    }

    /** A column dividing one implementation's figure by another's, shown when the run has both. */
    private record Ratio(String heading, Implementation numerator, Implementation denominator) {

        static Ratio againstDefault(Implementation numerator) {
            return new Ratio(numerator.label() + " ÷ ours default", numerator, Implementation.OURS_DEFAULT);
        }

        boolean applies(List<Implementation> impls) {
            return impls.contains(numerator) && impls.contains(denominator);
        }

        String cell(Report report, Workload workload, ToDoubleFunction<Result> figure) {
            return ratio(report.median(workload, numerator, figure), report.median(workload, denominator, figure));
        }
    }
}
