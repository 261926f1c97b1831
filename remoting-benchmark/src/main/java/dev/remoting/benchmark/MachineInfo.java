package dev.remoting.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where a run happened: machine, JVM, load, and the source revision when the run is inside a git checkout. */
final class MachineInfo {

    private MachineInfo() {
    }

    static String date() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }

    static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name", System.getProperty("os.arch"));
    }

    static String memory() {
        String total = firstValue(Path.of("/proc/meminfo"), "MemTotal", null);
        if (total == null) {
            return "unknown";
        }
        try {
            long kib = Long.parseLong(total.replace("kB", "").trim());
            return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return total;
        }
    }

    /** The 1, 5 and 15 minute load averages, or "n/a". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.vendor") + ")";
    }

    static List<String> clientJvmArgs() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    /** {@code git describe}-like revision of the working directory, with "+changes" when it is dirty; or null. */
    static String gitRevision() {
        String head = run("git", "rev-parse", "--short", "HEAD");
        if (head == null) {
            return null;
        }
        String status = run("git", "status", "--porcelain", "--untracked-files=no");
        return status == null || status.isBlank() ? head : head + " + uncommitted changes";
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String firstValue(Path file, String key, String fallback) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        return line.substring(colon + 1).trim();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return fallback;
    }
}
