package dev.remoting.sample.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remoting.exception.RemotingCommandException;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The headers as the broker and the client see them: through {@code extFields}, as on the wire. */
class HeadersTest {

    static Stream<CommandCustomHeader> headers() {
        return Stream.of(
                new HeartbeatRequestHeader("10.0.0.1@42", "consumers"),
                new NotifyConsumerIdsChangedHeader("consumers"),
                new SendMessageRequestHeader("topic", 3, 1_700_000_000_000L, "producers"),
                new SendMessageResponseHeader("0000ABCD0000000300000000000000A0", 3, 160),
                new PullMessageRequestHeader("consumers", "topic", 2, 17, 64, 1500),
                new PullMessageResponseHeader(18, 0, 20));
    }

    @ParameterizedTest
    @MethodSource("headers")
    void everyHeaderSurvivesTheTripThroughExtFields(CommandCustomHeader header) throws RemotingCommandException {
        assertThat(throughExtFields(header, header.getClass())).usingRecursiveComparison().isEqualTo(header);
    }

    @Test
    void aPullWithoutMaxMsgNumsOrSuspendTimeoutGetsTheDocumentedDefaults() throws RemotingCommandException {
        PullMessageRequestHeader header = decode(PullMessageRequestHeader.class,
                Map.of("topic", "t", "queueId", "0", "queueOffset", "5"));

        assertThat(header.getConsumerGroup()).isNull();
        assertThat(header.getMaxMsgNums()).isEqualTo(32);
        assertThat(header.getSuspendTimeoutMillis()).isZero();
    }

    @Test
    void aPullOutsideTheFieldsRangesIsRejectedNamingTheField() {
        Map<String, String> valid = Map.of("topic", "t", "queueId", "0", "queueOffset", "0");

        assertThatThrownBy(() -> decode(PullMessageRequestHeader.class, with(valid, "queueOffset", "-1")))
                .isInstanceOf(RemotingCommandException.class).hasMessage("queueOffset must not be negative: -1");
        assertThatThrownBy(() -> decode(PullMessageRequestHeader.class, with(valid, "maxMsgNums", "0")))
                .isInstanceOf(RemotingCommandException.class).hasMessage("maxMsgNums must be at least 1: 0");
        assertThatThrownBy(() -> decode(PullMessageRequestHeader.class, with(valid, "suspendTimeoutMillis", "-5")))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessage("suspendTimeoutMillis must not be negative: -5");
    }

    @Test
    void theFieldsTheReceiverReliesOnAreRequired() {
        assertThatThrownBy(() -> decode(HeartbeatRequestHeader.class, Map.of("consumerGroup", "g")))
                .hasMessage("the custom field <clientID> is null");
        assertThatThrownBy(() -> decode(SendMessageRequestHeader.class, Map.of("topic", "t")))
                .hasMessage("the custom field <queueId> is null");
        assertThatThrownBy(() -> decode(PullMessageRequestHeader.class, Map.of("topic", "t", "queueId", "0")))
                .hasMessage("the custom field <queueOffset> is null");
        assertThatThrownBy(() -> decode(SendMessageResponseHeader.class, Map.of("msgId", "m", "queueId", "0")))
                .hasMessage("the custom field <queueOffset> is null");
        assertThatThrownBy(() -> decode(PullMessageResponseHeader.class, Map.of("minOffset", "0")))
                .hasMessage("the custom field <nextBeginOffset> is null");
    }

    private static <T extends CommandCustomHeader> T throughExtFields(CommandCustomHeader header, Class<T> type)
            throws RemotingCommandException {
        RemotingCommand command = RemotingCommand.createRequestCommand(0, header);
        command.makeCustomHeaderToNet();
        return command.decodeCommandCustomHeader(type);
    }

    private static <T extends CommandCustomHeader> T decode(Class<T> type, Map<String, String> fields)
            throws RemotingCommandException {
        RemotingCommand command = RemotingCommand.createRequestCommand(0, null);
        fields.forEach(command::addExtField);
        return command.decodeCommandCustomHeader(type);
    }

    private static Map<String, String> with(Map<String, String> fields, String name, String value) {
        Map<String, String> copy = new HashMap<>(fields);
        copy.put(name, value);
        return copy;
    }
}
