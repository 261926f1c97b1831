package dev.remoting.netty;

import dev.remoting.RPCHook;
import dev.remoting.protocol.RemotingCommand;
import java.util.List;

/** Records each hook call as {@code "before remoteAddr"} or {@code "after remoteAddr"}, in the order they run. */
final class RecordingHook implements RPCHook {

    private final List<String> calls;

    RecordingHook(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
        calls.add("before " + remoteAddr);
    }

    @Override
    public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
        calls.add("after " + remoteAddr);
    }
}
