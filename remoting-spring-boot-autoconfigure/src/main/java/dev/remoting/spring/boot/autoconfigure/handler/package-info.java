/**
 * Request handlers declared with {@link dev.remoting.spring.annotation.RequestCodeHandler}, and their registration
 * with servers and clients.
 */
@NullMarked
package dev.remoting.spring.boot.autoconfigure.handler;

import org.jspecify.annotations.NullMarked;
