package dev.remoting.spring.boot.test;

import dev.remoting.codec.BodyCodec;
import dev.remoting.exception.RemotingCommandException;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RequestMatcher}s of a {@link MockRemotingServer}'s expectations, to be imported statically:
 * {@code server.expect(requestCode(10)).andExpect(header("topic", "orders")).andExpect(body(Order.class, ...))}.
 */
public final class RequestMatchers {

    private RequestMatchers() {
    }

    /** Any request. */
    public static RequestMatcher anyRequest() {
        return new NamedMatcher("anyRequest()", (request, codec) -> {
        });
    }

    /** A request of this code. */
    public static RequestMatcher requestCode(int code) {
        return new NamedMatcher("requestCode(" + code + ")", (request, codec) -> {
            if (request.getCode() != code) {
                throw new AssertionError("request code: expected " + code + " but was " + request.getCode());
            }
        });
    }

    /** A oneway request (sent with {@code invokeOneway}, or by a {@code oneway = true} method). */
    public static RequestMatcher oneway() {
        return new NamedMatcher("oneway()", (request, codec) -> {
            if (!request.isOnewayRPC()) {
                throw new AssertionError("expected a oneway request but it awaits a response");
            }
        });
    }

    /** A request whose header ({@code extFields}) has this field with this value. */
    public static RequestMatcher header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return new NamedMatcher("header(" + name + "=" + value + ")", (request, codec) -> {
            Map<String, ?> fields = request.getExtFields();
            Object actual = fields == null ? null : fields.get(name);
            if (!value.equals(actual)) {
                throw new AssertionError("header field " + name + ": expected \"" + value + "\" but was "
                        + (actual == null ? "absent" : "\"" + actual + "\""));
            }
        });
    }

    /**
     * A request whose header, decoded into {@code type} as a handler would ({@code decodeCommandCustomHeader}, with
     * its {@code checkFields()}), satisfies the predicate.
     */
    public static <T extends CommandCustomHeader> RequestMatcher header(Class<T> type, Predicate<? super T> predicate) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(predicate, "predicate");
        return new NamedMatcher("header(" + type.getSimpleName() + ", predicate)", (request, codec) -> {
            T header;
            try {
                header = request.decodeCommandCustomHeader(type);
            } catch (RemotingCommandException e) {
                throw new AssertionError("header does not decode as " + type.getSimpleName() + ": " + e.getMessage(),
                        e);
            }
            if (!predicate.test(header)) {
                throw new AssertionError("header " + request.getExtFields() + " decoded as " + type.getSimpleName()
                        + " does not match the predicate");
            }
        });
    }

    /** A request whose body is exactly these bytes. */
    public static RequestMatcher body(byte[] expected) {
        byte[] copy = Objects.requireNonNull(expected, "expected").clone();
        return new NamedMatcher("body(" + describe(copy) + ")", (request, codec) -> {
            byte[] actual = request.getBody();
            if (!Arrays.equals(copy, actual)) {
                throw new AssertionError("body: expected " + describe(copy) + " but was " + describe(actual));
            }
        });
    }

    /** A request whose body is this text in UTF-8. */
    public static RequestMatcher body(String expected) {
        return body(Objects.requireNonNull(expected, "expected").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A request whose body, decoded by the mock server's {@link BodyCodec} into the class of
     * {@code expected}, equals it.
     */
    public static RequestMatcher bodyEqualTo(Object expected) {
        Objects.requireNonNull(expected, "expected");
        return new NamedMatcher("bodyEqualTo(" + expected + ")", (request, codec) -> {
            Object actual = decode(request, codec, expected.getClass());
            if (!expected.equals(actual)) {
                throw new AssertionError("body: expected " + expected + " but was " + actual);
            }
        });
    }

    /**
     * A request whose body, decoded by the mock server's {@link BodyCodec} into {@code type},
     * satisfies the predicate.
     */
    public static <T> RequestMatcher body(Class<T> type, Predicate<? super T> predicate) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(predicate, "predicate");
        return new NamedMatcher("body(" + type.getSimpleName() + ", predicate)", (request, codec) -> {
            T actual = type.cast(decode(request, codec, type));
            if (!predicate.test(actual)) {
                throw new AssertionError("body " + actual + " does not match the predicate");
            }
        });
    }

    private static Object decode(RemotingCommand request, BodyCodec codec, Class<?> type) {
        byte[] body = request.getBody();
        if (body == null || body.length == 0) {
            throw new AssertionError("body: expected a " + type.getSimpleName() + " but there is none");
        }
        try {
            return codec.decode(body, type);
        } catch (RemotingCommandException e) {
            throw new AssertionError("body does not decode as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(byte @Nullable [] body) {
        if (body == null) {
            return "no body";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return body.length + " bytes \"" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "\"";
    }
}
