package dev.remoting.spring.boot.autoconfigure.client.scan;

import dev.remoting.annotation.RemotingExchange;
import dev.remoting.protocol.RemotingCommand;

/** Types that scanning passes over, each for its own reason. */
public final class NotScanned {

    private NotScanned() {
    }

    /** No annotation of its own: its methods are inherited. */
    public interface InheritsOnly extends ScannedByMethod {
    }

    /** No annotation at all. */
    public interface Plain {

        RemotingCommand call();
    }

    /** An annotation type is an interface too. */
    @RemotingExchange
    public @interface Annotation {
    }

    /** Not an interface. */
    public abstract static class AbstractClass {

        @RemotingExchange(code = 4)
        public abstract RemotingCommand call();
    }
}
