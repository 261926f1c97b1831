/**
 * The annotations applications put on their own classes: request handlers with {@link RequestCodeHandler},
 * declarative clients as beans with {@link ImportRemotingClients}.
 */
@NullMarked
package dev.remoting.spring.annotation;

import org.jspecify.annotations.NullMarked;
