package dev.remoting.sample.client.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.protocol.CommandCustomHeader;

/** PULL_MESSAGE (11) response (SUCCESS or PULL_NOT_FOUND): where to pull next, and the queue's bounds. */
public class PullMessageResponseHeader implements CommandCustomHeader {

    @CFNotNull
    private Long nextBeginOffset;

    private Long minOffset;

    private Long maxOffset;

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
