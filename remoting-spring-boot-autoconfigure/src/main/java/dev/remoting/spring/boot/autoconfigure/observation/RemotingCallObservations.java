package dev.remoting.spring.boot.autoconfigure.observation;

import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.util.ClassUtils;

/**
 * Whether calls are observed, or the two timers are all that observing them would give. An observation costs a call
 * about a microsecond and 1.8 KB on each side (see {@code docs/benchmarks.md}), which a call of a few microseconds
 * feels; when nothing but Micrometer's meter handler would see it (no tracer, no handler, convention, predicate or
 * filter of the application's, no common key values), the starter records {@code remoting.client.requests} and
 * {@code remoting.server.requests} directly, with the same names and tags (less Boot's {@code error}), and honours
 * {@code management.observations.enable.*} for them.
 */
public final class RemotingCallObservations {

    /** The type of {@code ObservationRegistry.create()}, which Boot's registry is (Micrometer keeps it private). */
    private static final Class<?> BOOT_REGISTRY = ObservationRegistry.create().getClass();

    /** Named, not linked: micrometer-core (and with it this type) is optional where observations are not. */
    private static final String METER_HANDLER = "io.micrometer.core.instrument.observation.MeterObservationHandler";

    /** Boot's predicate and filter of {@code management.observations.*}, which a plain timer can honour too. */
    private static final String BOOT_PROPERTIES_PREDICATE =
            "org.springframework.boot.micrometer.observation.autoconfigure.PropertiesObservationFilterPredicate";

    private final boolean observed;
    private final List<ObservationPredicate> predicates;

    private RemotingCallObservations(boolean observed, List<ObservationPredicate> predicates) {
        this.observed = observed;
        this.predicates = List.copyOf(predicates);
    }

    /** Calls are observed: what the application has registered may look at every observation. */
    public static RemotingCallObservations observed() {
        return new RemotingCallObservations(true, List.of());
    }

    /** Calls are not observed: the timers are recorded directly, every one of them. */
    public static RemotingCallObservations timers() {
        return new RemotingCallObservations(false, List.of());
    }

    /**
     * Decides from what the application context registers into the observation registry: Boot's registry takes its
     * handlers, predicates, filters and conventions from beans (another registry may hold more, and is observed).
     *
     * @param registry the registry calls would be observed in
     * @param conventions whether a remoting convention bean exists
     * @param properties Boot's observation properties, {@code null} without them
     */
    public static RemotingCallObservations of(ObservationRegistry registry, List<ObservationHandler<?>> handlers,
            boolean conventions, List<ObservationPredicate> predicates, List<ObservationFilter> filters,
            List<GlobalObservationConvention<?>> globalConventions, @Nullable ObservationProperties properties) {
        if (registry.getClass() != BOOT_REGISTRY) {
            // Not the registry Boot makes: it may have handlers of its own that no bean shows.
            return observed();
        }
        boolean onlyMeters = handlers.stream().allMatch(RemotingCallObservations::isMeterHandler);
        boolean onlyBootPredicates = predicates.stream().allMatch(RemotingCallObservations::isBoots);
        boolean onlyBootFilters = filters.stream().allMatch(RemotingCallObservations::isBoots);
        boolean observed = !onlyMeters || conventions || !globalConventions.isEmpty() || !onlyBootPredicates
                || !onlyBootFilters || (properties != null && !properties.getKeyValues().isEmpty());
        return new RemotingCallObservations(observed, predicates);
    }

    private static boolean isMeterHandler(ObservationHandler<?> handler) {
        return ClassUtils.getAllInterfacesForClassAsSet(handler.getClass()).stream()
                .anyMatch(type -> METER_HANDLER.equals(type.getName()));
    }

    private static boolean isBoots(Object predicateOrFilter) {
        return BOOT_PROPERTIES_PREDICATE.equals(predicateOrFilter.getClass().getName());
    }

    /** Whether every call is an observation (and the timers come from Boot's meter handler). */
    public boolean isObserved() {
        return this.observed;
    }

    /**
     * Whether the timer of this name is recorded when calls are not observed: what Boot's
     * {@code management.observations.enable.*} predicate says of an observation of that name.
     */
    public boolean isTimerEnabled(String name) {
        Objects.requireNonNull(name, "name");
        Observation.Context context = new Observation.Context();
        return this.predicates.stream().allMatch(predicate -> predicate.test(name, context));
    }

    @Override
    public String toString() {
        return this.observed ? "calls observed" : "timers recorded directly";
    }
}
