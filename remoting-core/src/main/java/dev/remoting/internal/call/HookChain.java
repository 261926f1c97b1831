package dev.remoting.internal.call;

import dev.remoting.RPCHook;
import dev.remoting.internal.transport.LogThrottle;
import dev.remoting.protocol.RemotingCommand;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The hooks of one side, run the same way on every path (client sync and async, server): before-hooks in
 * registration order, and a before-hook that throws fails the request; after-hooks in registration order, and an
 * after-hook that throws is logged and skipped, so the response (and the later hooks) still go through.
 */
public final class HookChain {

    private static final Logger log = LoggerFactory.getLogger(HookChain.class);

    private final List<RPCHook> hooks = new CopyOnWriteArrayList<>();
    private final LogThrottle afterFailures = new LogThrottle();

    /** Adds a hook; {@code null} or a hook already registered is ignored. */
    public void register(@Nullable RPCHook hook) {
        if (hook != null && !hooks.contains(hook)) {
            hooks.add(hook);
        }
    }

    public List<RPCHook> snapshot() {
        return List.copyOf(hooks);
    }

    public void clear() {
        hooks.clear();
    }

    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    /** Puts the custom header into extFields and runs the before-hooks; what a hook throws goes to the caller. */
    public void before(String remoteAddr, RemotingCommand request) {
        if (hooks.isEmpty()) {
            return;
        }
        request.makeCustomHeaderToNet();
        for (RPCHook hook : hooks) {
            hook.doBeforeRequest(remoteAddr, request);
        }
    }

    /** Runs the after-hooks; one that throws is logged, and the others and the response go on. */
    public void after(String remoteAddr, RemotingCommand request, RemotingCommand response) {
        for (RPCHook hook : hooks) {
            try {
                hook.doAfterResponse(remoteAddr, request, response);
            } catch (RuntimeException e) {
                // A hook that fails, fails for every call: one line (with the stack trace) per interval.
                afterFailures.log(log, Level.WARN, "RPC hook {} failed after request {} ({})", hook,
                        request.getCode(), remoteAddr, e);
            }
        }
    }
}
