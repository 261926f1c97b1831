package dev.remoting.protocol;

/**
 * How much header a decoded frame may carry, checked before decoding allocates for it: the header's length (known
 * from the frame's header-length word before the header is parsed) and the number of {@code extFields} entries
 * (counted while they are read, by the binary and both JSON readers alike). A frame over either limit fails to
 * decode like any other malformed frame.
 *
 * @param maxHeaderLength largest header in bytes; values above {@link RemotingCommandCodec#MAX_HEADER_LENGTH} mean
 *     no limit beyond the format's
 * @param maxExtFields most {@code extFields} entries, duplicates and null values counted
 */
public record HeaderLimits(int maxHeaderLength, int maxExtFields) {

    /** No limits beyond the format's own: for headers that do not come from a peer. */
    public static final HeaderLimits NONE = new HeaderLimits(RemotingCommandCodec.MAX_HEADER_LENGTH,
            Integer.MAX_VALUE);

    public HeaderLimits {
        if (maxHeaderLength <= 0) {
            throw new IllegalArgumentException("maxHeaderLength must be greater than 0, was " + maxHeaderLength);
        }
        if (maxExtFields <= 0) {
            throw new IllegalArgumentException("maxExtFields must be greater than 0, was " + maxExtFields);
        }
    }
}
