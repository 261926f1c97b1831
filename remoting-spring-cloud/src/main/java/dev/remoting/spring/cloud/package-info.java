/**
 * Spring Cloud integration: clients that call a service by its id, through discovery and LoadBalancer, and servers
 * that put their remoting port into their service registration.
 */
@NullMarked
package dev.remoting.spring.cloud;

import org.jspecify.annotations.NullMarked;
