/**
 * The sample broker's protocol (see {@code sample-broker-app/PROTOCOL.md}), the one copy both the sample broker and
 * the sample client use: {@link dev.remoting.sample.protocol.BrokerCodes}, the custom headers of each request and
 * response, the bodies ({@link dev.remoting.sample.protocol.PullBody}, the format of a pull response's body, and
 * {@link dev.remoting.sample.protocol.BrokerRuntimeInfo}), and {@link dev.remoting.sample.protocol.BrokerApi}, the
 * calls as a declarative client.
 */
package dev.remoting.sample.protocol;
