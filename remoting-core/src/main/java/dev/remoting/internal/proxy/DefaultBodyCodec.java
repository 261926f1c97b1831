package dev.remoting.internal.proxy;

import dev.remoting.codec.BodyCodec;
import dev.remoting.codec.JacksonBodyCodec;
import dev.remoting.exception.RemotingCommandException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * The body codec of a factory given none: {@link JacksonBodyCodec}, made on first use. jackson-databind is optional
 * in the core, so an application that only sends {@code byte[]} and {@code ByteBuffer} bodies must not need it;
 * one that sends a typed body without it gets a message saying what to add.
 */
public final class DefaultBodyCodec implements BodyCodec {

    /** The one instance: Jackson's mapper is thread-safe and costly to make. */
    public static final DefaultBodyCodec INSTANCE = new DefaultBodyCodec();

    private DefaultBodyCodec() {
    }

    @Override
    public byte[] encode(Object body) {
        return codec().encode(body);
    }

    @Override
    public Object decode(byte[] body, Type type) throws RemotingCommandException {
        return codec().decode(body, type);
    }

    private static BodyCodec codec() {
        BodyCodec codec = Jackson.CODEC;
        if (codec == null) {
            throw new IllegalStateException("typed bodies need a BodyCodec, and the default one needs Jackson 3's "
                    + "databind, which is not on the class path: add tools.jackson.core:jackson-databind, or set a "
                    + "codec with RemotingClientProxyFactory.Builder.bodyCodec(...)", Jackson.MISSING);
        }
        return codec;
    }

    /** Loaded on the first typed body only, so that a missing databind fails there and nowhere else. */
    private static final class Jackson {

        static final @Nullable LinkageError MISSING;
        static final @Nullable BodyCodec CODEC;

        static {
            BodyCodec codec = null;
            LinkageError missing = null;
            try {
                codec = new JacksonBodyCodec();
            } catch (LinkageError e) {
                missing = e;
            }
            CODEC = codec;
            MISSING = missing;
        }

        private Jackson() {
        }
    }
}
