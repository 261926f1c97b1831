/**
 * The wire protocol, byte-compatible with Apache RocketMQ's remoting: {@link dev.remoting.protocol.RemotingCommand},
 * its frame codec, and its JSON and binary headers.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.protocol;

import org.jspecify.annotations.NullMarked;
