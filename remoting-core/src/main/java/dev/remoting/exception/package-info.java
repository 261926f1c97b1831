/**
 * The checked exceptions of the remoting layer, all under {@link dev.remoting.exception.RemotingException}, and
 * the unchecked {@link dev.remoting.exception.RemotingAbortException} and
 * {@link dev.remoting.exception.RemotingServerBindException}.
 *
 * <p>Types are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package dev.remoting.exception;

import org.jspecify.annotations.NullMarked;
