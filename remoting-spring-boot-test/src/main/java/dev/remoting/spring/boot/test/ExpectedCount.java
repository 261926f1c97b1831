package dev.remoting.spring.boot.test;

/**
 * How many requests an expectation of a {@link MockRemotingServer} takes: at least {@link #min()} (fewer fails
 * {@link MockRemotingServer#verify()}) and at most {@link #max()} (one more is an unexpected request). Named as
 * Spring's {@code ExpectedCount} of {@code MockRestServiceServer}, to be imported statically.
 */
public final class ExpectedCount {

    private final int min;
    private final int max;

    private ExpectedCount(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("need 0 <= min <= max, was min " + min + ", max " + max);
        }
        this.min = min;
        this.max = max;
    }

    /** Exactly one request; what {@link MockRemotingServer#expect(RequestMatcher)} means. */
    public static ExpectedCount once() {
        return new ExpectedCount(1, 1);
    }

    /** Exactly {@code count} requests. */
    public static ExpectedCount times(int count) {
        return new ExpectedCount(count, count);
    }

    /** At least {@code min} and at most {@code max} requests. */
    public static ExpectedCount between(int min, int max) {
        return new ExpectedCount(min, max);
    }

    /** At least {@code min} requests, with no upper bound. */
    public static ExpectedCount min(int min) {
        return new ExpectedCount(min, Integer.MAX_VALUE);
    }

    /** Any number of requests, none included. */
    public static ExpectedCount manyTimes() {
        return new ExpectedCount(0, Integer.MAX_VALUE);
    }

    /**
     * No request at all: one that matches is reported by {@link MockRemotingServer#verify()} (and answered as an
     * unexpected request), to show that a client did not call.
     */
    public static ExpectedCount never() {
        return new ExpectedCount(0, 0);
    }

    /** Returns the fewest requests that satisfy the expectation. */
    public int min() {
        return min;
    }

    /** Returns the most requests the expectation takes; {@code Integer.MAX_VALUE} for no bound. */
    public int max() {
        return max;
    }

    @Override
    public String toString() {
        if (min == max) {
            return min == 1 ? "once" : min + " times";
        }
        return max == Integer.MAX_VALUE ? "at least " + min + " times" : "between " + min + " and " + max + " times";
    }
}
