package dev.remoting.spring.boot.autoconfigure.handler;

import dev.remoting.spring.boot.autoconfigure.handler.HandlerWiringException.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The handlers found while beans are created, checked against each other before any is registered, and then the
 * handlers as registered, with their executors, for the actuator endpoint.
 */
final class HandlerRegistry {

    private final List<HandlerRegistration> found = new ArrayList<>();
    // Written once at the end of start-up and read by the endpoint on a request thread.
    private volatile @Nullable List<HandlerRegistration> registered;

    void addAll(List<HandlerRegistration> handlers) {
        this.found.addAll(Objects.requireNonNull(handlers, "handlers"));
    }

    /**
     * Returns the handlers found.
     * @throws HandlerWiringException when one declares no code, or two serve one code on one side, naming both
     */
    List<HandlerRegistration> checkedHandlers() {
        Map<String, HandlerRegistration> owners = new LinkedHashMap<>();
        for (HandlerRegistration handler : this.found) {
            if (handler.annotation().code().length == 0) {
                throw new HandlerWiringException(Problem.NO_CODE, handler.description(),
                        handler.description() + " declares no request code");
            }
            for (int code : handler.annotation().code()) {
                for (String side : sides(handler)) {
                    HandlerRegistration previous = owners.putIfAbsent(side + ":" + code, handler);
                    if (previous != null && previous != handler) {
                        throw new HandlerWiringException(Problem.DUPLICATE_CODE,
                                handler.description(), code, null, "Request code " + code + " on the " + side
                                + " has two handlers: " + previous.description() + " and " + handler.description());
                    }
                }
            }
        }
        return List.copyOf(this.found);
    }

    /** Records the handlers as registered; any handler found after this is one start-up could not see coming. */
    void registered(List<HandlerRegistration> handlers) {
        this.registered = List.copyOf(handlers);
        this.found.clear();
    }

    boolean isComplete() {
        return this.registered != null;
    }

    /** Returns the handlers as registered, empty before start-up has registered them. */
    List<HandlerRegistration> registrations() {
        List<HandlerRegistration> handlers = this.registered;
        return handlers == null ? List.of() : handlers;
    }

    private static List<String> sides(HandlerRegistration handler) {
        List<String> sides = new ArrayList<>(2);
        if (handler.onServer()) {
            sides.add("server");
        }
        if (handler.onClient()) {
            sides.add("client");
        }
        return sides;
    }
}
