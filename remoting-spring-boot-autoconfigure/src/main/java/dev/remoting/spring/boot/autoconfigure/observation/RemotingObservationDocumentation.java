package dev.remoting.spring.boot.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observations of remoting calls, and their key names. */
public enum RemotingObservationDocumentation implements ObservationDocumentation {

    /** A call this side makes: {@code remoting.client.requests}. */
    CLIENT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultRemotingClientObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return KeyName.merge(CommonLowCardinalityKeyNames.values(), ClientLowCardinalityKeyNames.values());
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return ClientHighCardinalityKeyNames.values();
        }
    },

    /** A request this side answers: {@code remoting.server.requests}. */
    SERVER {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultRemotingServerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return CommonLowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return ServerHighCardinalityKeyNames.values();
        }
    };

    /** Low-cardinality keys of both observations, which the timers carry as tags. */
    public enum CommonLowCardinalityKeyNames implements KeyName {

        /** {@code apache_rocketmq_remoting}, as OpenTelemetry's RPC conventions ask. */
        RPC_SYSTEM("rpc.system"),
        /**
         * {@code client} or {@code server}: which end of the call this side is; a client answering a
         * server-initiated request is {@code client}.
         */
        SIDE("side"),
        /** The client's name ({@code default} for {@code remoting.client}), {@code none} for the server. */
        CLIENT("client"),
        /**
         * The request code, which plays OpenTelemetry's {@code rpc.method}; on the serving side {@code UNKNOWN} for a
         * code no processor handles, so that peers cannot blow up the tag's cardinality.
         */
        CODE("code"),
        /** The response code, or {@code NONE} when there was none (oneway, a reply to come later, a failure). */
        RESPONSE_CODE("response.code");

        private final String key;

        CommonLowCardinalityKeyNames(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return this.key;
        }
    }

    /** Low-cardinality keys of a client's calls only. */
    public enum ClientLowCardinalityKeyNames implements KeyName {

        /** {@code sync}, {@code async} or {@code oneway}. */
        MODE("mode"),
        /**
         * How the call ended, a {@link dev.remoting.RemotingMetricsListener.CallOutcome} name ({@code UNKNOWN} while
         * it runs).
         */
        OUTCOME("outcome");

        private final String key;

        ClientLowCardinalityKeyNames(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return this.key;
        }
    }

    /** High-cardinality keys of a client's calls: the peer, when known. */
    public enum ClientHighCardinalityKeyNames implements KeyName {

        /** The server's host (or the whole in-process address). */
        SERVER_ADDRESS("server.address"),
        /** The server's port; absent in-process. */
        SERVER_PORT("server.port");

        private final String key;

        ClientHighCardinalityKeyNames(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return this.key;
        }
    }

    /** High-cardinality keys of the requests this side answers: the caller. */
    public enum ServerHighCardinalityKeyNames implements KeyName {

        /** The caller's host (or the whole in-process address). */
        CLIENT_ADDRESS("client.address"),
        /** The caller's port; absent in-process. */
        CLIENT_PORT("client.port");

        private final String key;

        ServerHighCardinalityKeyNames(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return this.key;
        }
    }
}
