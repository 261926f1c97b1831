package dev.remoting.spring.boot.test;

import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.RemotingCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One expectation of a {@link MockRemotingServer}: its matchers, its count, its answer, and how many requests it has
 * taken. Guarded by the {@link ExpectationTable} that holds it, except for the declaration calls, which a test makes
 * before its client calls.
 */
final class Expectation implements ResponseActions {

    private final int number;
    private final ExpectedCount count;
    private final String declaredAt;
    private final List<RequestMatcher> matchers = new ArrayList<>();
    private volatile ResponseCreator creator = ResponseCreators.withSuccess();
    private int taken;

    Expectation(int number, ExpectedCount count, RequestMatcher first, String declaredAt) {
        this.number = number;
        this.count = Objects.requireNonNull(count, "count");
        this.declaredAt = Objects.requireNonNull(declaredAt, "declaredAt");
        this.matchers.add(Objects.requireNonNull(first, "first"));
    }

    @Override
    public ResponseActions andExpect(RequestMatcher matcher) {
        synchronized (this) {
            matchers.add(Objects.requireNonNull(matcher, "matcher"));
        }
        return this;
    }

    @Override
    public void andRespond(ResponseCreator creator) {
        this.creator = Objects.requireNonNull(creator, "creator");
    }

    /** Checks the request against every matcher; throws the first mismatch. */
    void match(RemotingCommand request, BodyCodec codec) {
        List<RequestMatcher> all;
        synchronized (this) {
            all = List.copyOf(matchers);
        }
        for (RequestMatcher matcher : all) {
            matcher.match(request, codec);
        }
    }

    boolean canTakeMore() {
        return taken < count.max();
    }

    boolean satisfied() {
        return taken >= count.min();
    }

    void take() {
        taken++;
    }

    ResponseCreator creator() {
        return creator;
    }

    /** Describes the expectation for a failure message: number, matchers, count, where the test declared it. */
    String describe() {
        String names;
        synchronized (this) {
            names = matchers.stream().map(NamedMatcher::describe).collect(Collectors.joining(", "));
        }
        return "#" + number + " [" + names + "] expected " + count + ", received " + taken + " (declared at "
                + declaredAt + ")";
    }
}
