package dev.remoting.sample.broker.protocol;

import dev.remoting.protocol.CommandCustomHeader;

/** PULL_MESSAGE response: the offset to pull from next, and the queue's bounds. */
public class PullMessageResponseHeader implements CommandCustomHeader {

    private Long nextBeginOffset;

    private Long minOffset;

    private Long maxOffset;

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
