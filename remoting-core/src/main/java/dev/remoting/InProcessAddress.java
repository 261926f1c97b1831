package dev.remoting;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Addresses of servers bound in-process rather than to a port: {@code local:<name>}, where the name is what the
 * server was bound under ({@code NettyServerConfig.setInProcessName}). A client given such an address, as the
 * address of a call or as a name server, reaches that server in the same JVM without a socket, through the same
 * codec, limits, dispatch, executors, hooks and metrics as over TCP. A client may mix them with {@code host:port}
 * addresses.
 *
 * <p>Every address that starts with {@code local:} is in-process, so a host literally named {@code local} must be
 * given by another name or its IP address.
 */
public final class InProcessAddress {

    /** What every in-process address starts with. */
    public static final String SCHEME = "local:";

    /** What a name may contain, for messages. */
    public static final String NAME_RULE = "lower-case letters, digits, '.', '_' and '-'";

    // No ',' or blanks, so that an address survives a comma-separated list of name servers in a property; lower case
    // only, as Netty's LocalAddress lower-cases its name, and the address a peer shows must be the one given.
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]+");

    private InProcessAddress() {
    }

    /**
     * Returns the address of the server bound under this name.
     *
     * @throws IllegalArgumentException when the name is not {@linkplain #isValidName valid}
     */
    public static String of(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("an in-process name is made of " + NAME_RULE + ", got '" + name + "'");
        }
        return SCHEME + name;
    }

    /** Whether the address is in-process, that is, starts with {@value #SCHEME}. */
    public static boolean isInProcess(String address) {
        return Objects.requireNonNull(address, "address").startsWith(SCHEME);
    }

    /**
     * Returns the name of an in-process address.
     *
     * @throws IllegalArgumentException when the address is not in-process or its name is not valid
     */
    public static String nameOf(String address) {
        String name = isInProcess(address) ? address.substring(SCHEME.length()) : null;
        if (!isValidName(name)) {
            throw new IllegalArgumentException("an in-process address is " + SCHEME + "<name>, the name made of "
                    + NAME_RULE + ", got '" + address + "'");
        }
        return name;
    }

    /** Whether a server may be bound in-process under this name, made of {@value #NAME_RULE}. */
    public static boolean isValidName(@Nullable String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
