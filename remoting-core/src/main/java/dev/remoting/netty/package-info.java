/**
 * The Netty transport's public face: {@link dev.remoting.netty.NettyRemotingServer},
 * {@link dev.remoting.netty.NettyRemotingClient} and their configuration. It runs on Netty 4.1 and 4.2 alike; the
 * machinery behind it is in {@code dev.remoting.internal.*}, which is not API.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.netty;

import org.jspecify.annotations.NullMarked;
