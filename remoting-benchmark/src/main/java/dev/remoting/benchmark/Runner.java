package dev.remoting.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one workload against one implementation's server: a fresh client, every connection made and used once, a
 * warm-up, then the measured window, bracketed by snapshots of both JVMs (CPU time, bytes allocated per thread) and
 * of the server's oneway count.
 */
final class Runner {

    /** How long a run warms up and how long it is measured. */
    record Timing(long warmupMillis, long measureMillis) {
    }

    static final int WARMUP = 0;
    static final int MEASURE = 1;
    static final int STOP = 2;
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private Runner() {
    }

    /** The addresses of the server: 127.0.0.1 for one connection, distinct 127.0.x.y loopback addresses for more. */
    static List<String> addresses(int port, int connections) {
        if (connections == 1) {
            return List.of("127.0.0.1:" + port);
        }
        List<String> addrs = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            addrs.add("127.0." + (1 + i / 250) + "." + (1 + i % 250) + ":" + port);
        }
        return addrs;
    }

    /**
     * Whether this machine routes all of 127.0.0.0/8 to loopback (Linux does; macOS only 127.0.0.1 unless aliases
     * are added), which the many-connection workload needs.
     */
    static boolean loopbackRangeWorks() {
        try (java.net.ServerSocket listener = new java.net.ServerSocket()) {
            listener.bind(new java.net.InetSocketAddress("0.0.0.0", 0));
            String probe = addresses(listener.getLocalPort(), 2).get(1);
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(probe.substring(0, probe.lastIndexOf(':')),
                        listener.getLocalPort()), 1000);
                return true;
            }
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Deterministic content, different for every size. */
    static byte[] body(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        return body;
    }

    /** A cheap check that the response is the echo of the request: same length, same first, middle and last byte. */
    static boolean isEcho(byte[] response, byte[] request) {
        if (response == null) {
            return request.length == 0;
        }
        int n = request.length;
        return response.length == n && (n == 0 || response[0] == request[0] && response[n - 1] == request[n - 1]
                && response[n / 2] == request[n / 2]);
    }

    static Result run(Implementation impl, int port, Workload workload, Timing timing, int round) throws Exception {
        byte[] body = body(workload.bodySize());
        try (BenchClient client = impl.newClient(addresses(port, workload.connections()))) {
            prime(client, workload, body);
            Driver driver = switch (workload.kind()) {
                case SYNC -> new SyncDriver(client, workload, body);
                case ASYNC -> new AsyncDriver(client, workload, body);
                case ONEWAY -> new OnewayDriver(client, workload, body);
            };
            driver.start();
            try {
                Thread.sleep(timing.warmupMillis());
                long before0 = System.nanoTime();
                ServerStats server0 = ServerStats.decode(client.sync(0, Codes.STATS, Codes.EMPTY));
                long after0 = System.nanoTime();
                Map<Long, Long> alloc0 = JvmMeter.allocatedBytesByThread();
                long cpu0 = JvmMeter.processCpuNanos();
                long t0 = System.nanoTime();
                driver.phase = MEASURE;

                Thread.sleep(timing.measureMillis());

                driver.phase = STOP;
                long t1 = System.nanoTime();
                long cpu1 = JvmMeter.processCpuNanos();
                Map<Long, Long> alloc1 = JvmMeter.allocatedBytesByThread();
                long before1 = System.nanoTime();
                ServerStats server1 = ServerStats.decode(client.sync(0, Codes.STATS, Codes.EMPTY));
                long after1 = System.nanoTime();
                driver.finish();

                long ops;
                long nanos;
                if (workload.kind() == Workload.Kind.ONEWAY) {
                    // What the server counted between the two STATS answers, each timed at the middle of its call.
                    ops = server1.onewayReceived() - server0.onewayReceived();
                    nanos = (before1 + after1) / 2 - (before0 + after0) / 2;
                } else {
                    ops = driver.ops();
                    nanos = t1 - t0;
                }
                return new Result(impl, workload, round, ops, nanos, driver.errors.get(), driver.firstError.get(),
                        driver.latency(), JvmMeter.allocatedBetween(alloc0, alloc1),
                        JvmMeter.allocatedBetween(server0.allocatedBytesByThread(), server1.allocatedBytesByThread()),
                        cpu1 - cpu0, server1.cpuNanos() - server0.cpuNanos());
            } finally {
                driver.phase = STOP;
                driver.finish();
            }
        }
    }

    /** Makes every connection and checks one full echo on each, in parallel when there are many. */
    private static void prime(BenchClient client, Workload workload, byte[] body) throws Exception {
        int connections = workload.connections();
        if (connections == 1) {
            checkFullEcho(client.sync(0, Codes.ECHO, body), body);
            return;
        }
        int threads = Math.min(connections, 32);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int conn = first; conn < connections; conn += threads) {
                        checkFullEcho(client.sync(conn, Codes.ECHO, body), body);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void checkFullEcho(byte[] response, byte[] request) {
        if (!java.util.Arrays.equals(response == null ? Codes.EMPTY : response, request)) {
            throw new IllegalStateException("echo differs from the request (" + (response == null ? "null"
                    : response.length + " bytes") + " for " + request.length + ")");
        }
    }

    /** Generates load from its own threads; counts only calls that complete while {@link #phase} is MEASURE. */
    private abstract static class Driver {
        final BenchClient client;
        final Workload workload;
        final byte[] body;
        final List<Thread> threads = new ArrayList<>();
        final AtomicLong errors = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        volatile int phase = WARMUP;
        private boolean finished;

        Driver(BenchClient client, Workload workload, byte[] body) {
            this.client = client;
            this.workload = workload;
            this.body = body;
        }

        void error(Throwable e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, String.valueOf(e));
        }

        void thread(String name, Runnable loop) {
            Thread thread = new Thread(loop, "bench-" + name);
            thread.setDaemon(true);
            threads.add(thread);
        }

        void start() {
            threads.forEach(Thread::start);
        }

        /** Waits for the load threads to stop and for calls in flight to end. */
        void finish() throws InterruptedException {
            if (finished) {
                return;
            }
            finished = true;
            for (Thread thread : threads) {
                thread.join(Codes.TIMEOUT_MILLIS + 5_000);
                if (thread.isAlive()) {
                    error(new IllegalStateException(thread.getName() + " did not stop"));
                }
            }
            drain();
        }

        void drain() throws InterruptedException {
        }

        abstract long ops();

        Histogram latency() {
            return null;
        }
    }

    /** {@code concurrency} threads, each calling and waiting, spread over the connections. */
    private static final class SyncDriver extends Driver {
        private final long[] ops;
        private final Histogram[] latencies;

        SyncDriver(BenchClient client, Workload workload, byte[] body) {
            super(client, workload, body);
            int n = workload.concurrency();
            ops = new long[n];
            latencies = new Histogram[n];
            for (int t = 0; t < n; t++) {
                int index = t;
                latencies[t] = new Histogram(HIGHEST_LATENCY_NANOS, 3);
                thread("sync-" + t, () -> loop(index));
            }
        }

        private void loop(int index) {
            Histogram histogram = latencies[index];
            int connections = workload.connections();
            int step = workload.concurrency();
            int conn = index % connections;
            long count = 0;
            while (phase != STOP) {
                try {
                    long start = System.nanoTime();
                    byte[] response = client.sync(conn, Codes.ECHO, body);
                    long end = System.nanoTime();
                    if (!isEcho(response, body)) {
                        error(new IllegalStateException("response is not the echo of the request"));
                    } else if (phase == MEASURE) {
                        histogram.recordValue(Math.min(end - start, HIGHEST_LATENCY_NANOS));
                        count++;
                    }
                } catch (InterruptedException e) {
                    break;
                } catch (Exception e) {
                    error(e);
                    LockSupport.parkNanos(1_000_000);
                }
                if (connections > 1) {
                    conn = (conn + step) % connections;
                }
            }
            ops[index] = count;
        }

        @Override
        long ops() {
            long total = 0;
            for (long n : ops) {
                total += n;
            }
            return total;
        }

        @Override
        Histogram latency() {
            Histogram total = new Histogram(HIGHEST_LATENCY_NANOS, 3);
            for (Histogram h : latencies) {
                total.add(h);
            }
            return total;
        }
    }

    /** One thread keeping {@code concurrency} async calls in flight; completions release the window. */
    private static final class AsyncDriver extends Driver {
        private final Semaphore window;
        private final LongAdder ops = new LongAdder();
        private final BenchClient.Listener listener;

        AsyncDriver(BenchClient client, Workload workload, byte[] body) {
            super(client, workload, body);
            window = new Semaphore(workload.concurrency());
            listener = (response, error) -> {
                if (error != null) {
                    error(error);
                } else if (!isEcho(response, body)) {
                    error(new IllegalStateException("response is not the echo of the request"));
                } else if (phase == MEASURE) {
                    ops.increment();
                }
                window.release();
            };
            thread("async", this::loop);
        }

        private void loop() {
            while (phase != STOP) {
                try {
                    if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    client.async(0, Codes.ECHO, body, listener);
                } catch (InterruptedException e) {
                    window.release();
                    return;
                } catch (Exception e) {
                    window.release();
                    error(e);
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }

        @Override
        void drain() throws InterruptedException {
            int all = workload.concurrency();
            if (!window.tryAcquire(all, Codes.TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS)) {
                error(new IllegalStateException((all - window.availablePermits()) + " async calls never completed"));
            } else {
                window.release(all);
            }
        }

        @Override
        long ops() {
            return ops.sum();
        }
    }

    /**
     * One thread sending oneway requests while fewer than {@code concurrency} of them are still uncounted by the
     * server. The count comes from COUNT requests sent asynchronously once half the window is used, so the window
     * bounds what is queued anywhere (client buffers, socket, server executor) without a round trip per request.
     */
    private static final class OnewayDriver extends Driver {
        private final long base;
        private final AtomicBoolean polling = new AtomicBoolean();
        private final BenchClient.Listener pollListener;
        private volatile long counted;
        private volatile Thread sender;

        OnewayDriver(BenchClient client, Workload workload, byte[] body) throws Exception {
            super(client, workload, body);
            base = ServerStats.decodeCount(client.sync(0, Codes.COUNT, Codes.EMPTY));
            pollListener = (response, error) -> {
                if (error != null) {
                    error(error);
                } else {
                    long now = ServerStats.decodeCount(response) - base;
                    if (now > counted) {
                        counted = now;
                    }
                }
                polling.set(false);
                LockSupport.unpark(sender);
            };
            thread("oneway", this::loop);
        }

        private void loop() {
            sender = Thread.currentThread();
            int window = workload.concurrency();
            long sent = 0;
            while (phase != STOP) {
                long uncounted = sent - counted;
                if (uncounted >= window / 2 && polling.compareAndSet(false, true)) {
                    try {
                        client.async(0, Codes.COUNT, Codes.EMPTY, pollListener);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        polling.set(false);
                        error(e);
                        LockSupport.parkNanos(1_000_000);
                    }
                }
                if (uncounted >= window) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                try {
                    client.oneway(0, Codes.ONEWAY, body);
                    sent++;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    error(e);
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }

        @Override
        void drain() {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Codes.TIMEOUT_MILLIS);
            while (polling.get() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        }

        @Override
        long ops() {
            return 0; // counted by the server
        }
    }
}
