package dev.remoting.spring.boot.test;

import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.RemotingCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The expectations of a {@link MockRemotingServer} and what became of the requests: which expectation each one went
 * to, in declaration order or in any order, and the problems {@link #verify()} reports. Requests arrive on the
 * server's executor threads while the test declares and verifies on its own, hence one lock for all of it.
 */
final class ExpectationTable {

    private final boolean ordered;
    private final List<Expectation> expectations = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** Ordered only: the expectation the last request went to; earlier ones take no more. */
    private int cursor;
    private int received;

    ExpectationTable(boolean ordered) {
        this.ordered = ordered;
    }

    synchronized Expectation add(ExpectedCount count, RequestMatcher matcher, String declaredAt) {
        Expectation expectation = new Expectation(expectations.size() + 1, count, matcher, declaredAt);
        expectations.add(expectation);
        return expectation;
    }

    /**
     * Returns the expectation that takes the request and counts it there.
     *
     * @throws AssertionError saying why no expectation takes it; the problem is also kept for {@link #verify()}
     */
    synchronized Expectation take(RemotingCommand request, BodyCodec codec) {
        received++;
        List<String> mismatches = new ArrayList<>();
        for (int i = ordered ? cursor : 0; i < expectations.size(); i++) {
            Expectation expectation = expectations.get(i);
            if (expectation.canTakeMore()) {
                try {
                    expectation.match(request, codec);
                    expectation.take();
                    cursor = i;
                    notifyAll();
                    return expectation;
                } catch (AssertionError mismatch) {
                    mismatches.add("#" + (i + 1) + ": " + mismatch.getMessage());
                }
            }
            if (ordered && !expectation.satisfied()) {
                throw unexpected(request, "expected " + expectation.describe() + " next, but "
                        + mismatches.get(mismatches.size() - 1) + exhausted(request, codec));
            }
        }
        throw unexpected(request, (mismatches.isEmpty() ? "no further requests were expected"
                : "no expectation matches it (" + String.join("; ", mismatches) + ")") + exhausted(request, codec));
    }

    /** Keeps a problem that arose after a request was taken, such as a response creator that failed. */
    synchronized void problem(String problem) {
        problems.add(Objects.requireNonNull(problem, "problem"));
    }

    /**
     * Throws an {@link AssertionError} naming each expectation that did not get its requests and each problem, such
     * as an unexpected request.
     */
    synchronized void verify() {
        List<String> all = new ArrayList<>();
        for (Expectation expectation : expectations) {
            if (!expectation.satisfied()) {
                all.add("unmet expectation " + expectation.describe());
            }
        }
        all.addAll(problems);
        if (!all.isEmpty()) {
            throw new AssertionError("MockRemotingServer: " + all.size() + (all.size() == 1 ? " problem" : " problems")
                    + " after " + received + (received == 1 ? " request" : " requests") + ":\n- "
                    + String.join("\n- ", all));
        }
    }

    /** Waits until every expectation has had its requests, or the timeout has passed. */
    synchronized void awaitSatisfied(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!expectations.stream().allMatch(Expectation::satisfied)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // take() notifies: a wait for the next request, bounded by the deadline, not a sleep.
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized void reset() {
        expectations.clear();
        problems.clear();
        cursor = 0;
        received = 0;
    }

    private AssertionError unexpected(RemotingCommand request, String why) {
        String problem = "unexpected request " + describe(request) + ": " + why;
        problems.add(problem);
        return new AssertionError(problem);
    }

    /** Names an expectation that matches the request but has had all it takes, the likely mistake. */
    private String exhausted(RemotingCommand request, BodyCodec codec) {
        for (Expectation expectation : expectations) {
            if (!expectation.canTakeMore()) {
                try {
                    expectation.match(request, codec);
                    return "; it matches " + expectation.describe() + ", which takes no more";
                } catch (AssertionError mismatch) {
                    // Does not match either: not the one to name.
                }
            }
        }
        return "";
    }

    private static String describe(RemotingCommand request) {
        byte[] body = request.getBody();
        return "code " + request.getCode() + (request.isOnewayRPC() ? " (oneway)" : "") + " header "
                + (request.getExtFields() == null ? "{}" : request.getExtFields()) + " body "
                + (body == null ? 0 : body.length) + " bytes";
    }
}
