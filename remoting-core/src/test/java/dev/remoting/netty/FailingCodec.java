package dev.remoting.netty;

import dev.remoting.codec.BodyCodec;
import java.lang.reflect.Type;

/** A body codec that cannot encode anything, for the paths where encoding fails. */
final class FailingCodec implements BodyCodec {

    static final String MESSAGE = "cannot encode, on purpose";

    @Override
    public byte[] encode(Object body) {
        throw new IllegalArgumentException(MESSAGE);
    }

    @Override
    public Object decode(byte[] body, Type type) {
        throw new UnsupportedOperationException("not used");
    }
}
