package dev.remoting.benchmark;

import java.util.concurrent.atomic.LongAdder;

/** What a benchmark server counts, and the bodies of its COUNT and STATS answers. */
final class ServerCounters {

    private final LongAdder onewayReceived = new LongAdder();

    void onewayReceived() {
        onewayReceived.increment();
    }

    byte[] countBody() {
        return ServerStats.encodeCount(onewayReceived.sum());
    }

    byte[] statsBody() {
        return ServerStats.current(onewayReceived.sum()).encode();
    }

    /** The body of the answer to a request of this code, or {@code null} for ECHO and ONEWAY. */
    byte[] answer(int code) {
        return switch (code) {
            case Codes.COUNT -> countBody();
            case Codes.STATS -> statsBody();
            default -> null;
        };
    }
}
