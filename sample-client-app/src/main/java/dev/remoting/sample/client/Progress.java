package dev.remoting.sample.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every 10% of a long phase; short runs (under 10,000 messages) stay quiet. */
final class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final String verb;
    private final long total;
    private final long step;
    private long next;

    Progress(String verb, long total) {
        this.verb = verb;
        this.total = total;
        this.step = Math.max(1, total / 10);
        this.next = step;
    }

    void update(long done) {
        if (done >= next && total >= 10_000) {
            log.info("  {} {}/{} ({}%)", verb, String.format("%,d", done), String.format("%,d", total),
                    done * 100 / total);
        }
        while (next <= done) {
            next += step;
        }
    }
}
