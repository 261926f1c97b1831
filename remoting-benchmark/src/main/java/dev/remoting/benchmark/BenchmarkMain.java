package dev.remoting.benchmark;


/** {@code java -jar remoting-benchmark.jar [--quick] [options]}: see {@link Options#USAGE}. */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        long start = System.nanoTime();
        Benchmark.Outcome outcome = Benchmark.run(options, System.err);
        System.out.println();
        System.out.println(outcome.markdown());
        if (options.out != null && !options.noWrite) {
            DocWriter.update(options.out, outcome.markdown());
            System.err.println("updated " + options.out.toAbsolutePath().normalize());
        }
        if (options.jfrDir != null) {
            System.err.println("server JFR recordings in " + options.jfrDir.toAbsolutePath().normalize()
                    + " (written as the servers exit)");
        }
        System.err.printf("done in %.0f s%n", (System.nanoTime() - start) / 1e9);
        long errors = outcome.results().stream().mapToLong(Result::errors).sum();
        System.exit(errors > 0 ? 1 : 0);
    }
}
