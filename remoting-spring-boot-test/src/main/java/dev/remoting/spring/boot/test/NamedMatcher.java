package dev.remoting.spring.boot.test;

import dev.remoting.codec.BodyCodec;
import dev.remoting.protocol.RemotingCommand;
import java.util.Objects;

/** A matcher of {@link RequestMatchers} with the name that {@link MockRemotingServer#verify()} shows for it. */
record NamedMatcher(String name, RequestMatcher check) implements RequestMatcher {

    NamedMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
    }

    /** Describes any matcher: a named one by its name, one of the application's as such. */
    static String describe(RequestMatcher matcher) {
        return matcher instanceof NamedMatcher named ? named.name : "a custom matcher";
    }

    @Override
    public void match(RemotingCommand request, BodyCodec codec) {
        check.match(request, codec);
    }

    @Override
    public String toString() {
        return name;
    }
}
