/**
 * Declarative clients' machinery: each interface method parsed and checked once into what a call needs (code,
 * timeout, address, argument positions, how to build the request and read the response), and the invocation
 * handler behind the proxies of {@link dev.remoting.client.RemotingClientProxyFactory}.
 *
 * <p>Internal: not API, and may change in any release without notice; use {@link dev.remoting.client} and
 * {@link dev.remoting.annotation} instead.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.internal.proxy;

import org.jspecify.annotations.NullMarked;
