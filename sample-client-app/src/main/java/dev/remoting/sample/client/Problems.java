package dev.remoting.sample.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what went wrong during a run: conclusions (such as "10 of 10 sends were not acknowledged") in full, then
 * the first few details (such as one refused message) and a count of the rest.
 */
final class Problems {

    private static final int KEPT_DETAILS = 8;

    private final List<String> conclusions = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private long moreDetails;

    /** Adds a problem about one message or call. */
    synchronized void add(String detail) {
        if (details.size() < KEPT_DETAILS) {
            details.add(detail);
        } else {
            moreDetails++;
        }
    }

    /** Adds a problem about the run as a whole; these are listed first. */
    synchronized void conclude(String conclusion) {
        conclusions.add(conclusion);
    }

    synchronized List<String> list() {
        List<String> all = new ArrayList<>(conclusions);
        all.addAll(details);
        if (moreDetails > 0) {
            all.add("... and " + moreDetails + " more like these");
        }
        return List.copyOf(all);
    }
}
