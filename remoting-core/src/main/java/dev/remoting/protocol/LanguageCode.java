package dev.remoting.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Language of the peer that built a command. The wire code equals the ordinal for every value.
 */
public enum LanguageCode {
    JAVA((byte) 0),
    CPP((byte) 1),
    DOTNET((byte) 2),
    PYTHON((byte) 3),
    DELPHI((byte) 4),
    ERLANG((byte) 5),
    RUBY((byte) 6),
    OTHER((byte) 7),
    HTTP((byte) 8),
    GO((byte) 9),
    PHP((byte) 10),
    OMS((byte) 11),
    RUST((byte) 12),
    NODE_JS((byte) 13);

    private static final LanguageCode[] BY_CODE = values();

    private final byte code;

    LanguageCode(byte code) {
        this.code = code;
    }

    public byte getCode() {
        return code;
    }

    /** Returns the language for a wire code, or {@code null} when unknown (RocketMQ does not fail on it either). */
    public static @Nullable LanguageCode valueOf(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Returns the language with this name, or {@code null} when unknown. */
    public static @Nullable LanguageCode fromName(String name) {
        for (LanguageCode language : BY_CODE) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return null;
    }
}
