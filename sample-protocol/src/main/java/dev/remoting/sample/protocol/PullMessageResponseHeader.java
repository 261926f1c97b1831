package dev.remoting.sample.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;

/** PULL_MESSAGE (11) response (SUCCESS or PULL_NOT_FOUND): where to pull next, and the queue's bounds. */
public final class PullMessageResponseHeader implements CommandCustomHeader {

    // Required because the client checks it against the pulled messages; the broker always sends all three.
    @CFNotNull
    private Long nextBeginOffset;

    private Long minOffset;

    private Long maxOffset;

    /** For decoding, which fills the fields from {@code extFields}. */
    public PullMessageResponseHeader() {
    }

    public PullMessageResponseHeader(long nextBeginOffset, long minOffset, long maxOffset) {
        this.nextBeginOffset = nextBeginOffset;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
    }

    @Override
    public void checkFields() {
    }

    public Long getNextBeginOffset() {
        return nextBeginOffset;
    }

    public Long getMinOffset() {
        return minOffset;
    }

    public Long getMaxOffset() {
        return maxOffset;
    }
}
