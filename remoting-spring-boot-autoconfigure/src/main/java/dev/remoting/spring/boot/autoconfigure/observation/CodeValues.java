package dev.remoting.spring.boot.autoconfigure.observation;

import dev.remoting.spring.boot.autoconfigure.observation.RemotingObservationDocumentation.CommonLowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import org.jspecify.annotations.Nullable;

/**
 * What the default conventions make of a request or response code: the {@code code} and {@code response.code} key
 * values and the span name {@code remoting/<code>}. Micrometer asks the convention at start and at stop, so making
 * them anew cost a string and a key value each time; they are made once per code instead.
 * <p>
 * Codes in practice are small non-negative numbers, so those below {@link #CACHE_SIZE} are kept in an array filled
 * as they come; others are made each time. The array is read and written without locks: an entry is immutable (final
 * fields, so a thread that sees the reference sees it whole), and two threads racing on a new code merely make it
 * twice, one of which is dropped.
 */
final class CodeValues {

    static final int CACHE_SIZE = 4096;

    private static final @Nullable CodeValues[] CACHE = new CodeValues[CACHE_SIZE];

    private final KeyValue code;
    private final KeyValue responseCode;
    private final String contextualName;

    private CodeValues(int code) {
        String value = String.valueOf(code);
        this.code = CommonLowCardinalityKeyNames.CODE.withValue(value);
        this.responseCode = CommonLowCardinalityKeyNames.RESPONSE_CODE.withValue(value);
        this.contextualName = "remoting/" + value;
    }

    static CodeValues of(int code) {
        if (code < 0 || code >= CACHE_SIZE) {
            return new CodeValues(code);
        }
        CodeValues values = CACHE[code];
        if (values == null) {
            values = new CodeValues(code);
            CACHE[code] = values;
        }
        return values;
    }

    /** {@code code=<code>}. */
    KeyValue code() {
        return this.code;
    }

    /** {@code response.code=<code>}. */
    KeyValue responseCode() {
        return this.responseCode;
    }

    /** {@code remoting/<code>}. */
    String contextualName() {
        return this.contextualName;
    }
}
