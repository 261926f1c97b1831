/**
 * Typed command bodies: the {@link dev.remoting.codec.BodyCodec} SPI and its JSON default.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.codec;

import org.jspecify.annotations.NullMarked;
