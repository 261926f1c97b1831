/**
 * The Netty transport: {@link dev.remoting.netty.NettyRemotingServer}, {@link dev.remoting.netty.NettyRemotingClient},
 * their configuration and the request-processor contract. It runs on Netty 4.1 and 4.2 alike.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.netty;

import org.jspecify.annotations.NullMarked;
