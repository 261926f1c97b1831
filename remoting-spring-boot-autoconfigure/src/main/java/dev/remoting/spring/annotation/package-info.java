/**
 * The annotations applications put on their own classes: request handlers with {@link RequestCodeHandler}.
 */
@NullMarked
package dev.remoting.spring.annotation;

import org.jspecify.annotations.NullMarked;
