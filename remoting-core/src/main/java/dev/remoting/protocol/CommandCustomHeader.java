package dev.remoting.protocol;

import dev.remoting.exception.RemotingCommandException;

/**
 * A typed view of a command's {@code extFields}. Every non-static field of an implementing class (and of its
 * superclasses) travels as one entry keyed by the field's name; see {@link RemotingCommand#decodeCommandCustomHeader}.
 */
public interface CommandCustomHeader {

    /**
     * Validates the decoded fields beyond presence, which {@link dev.remoting.annotation.CFNotNull} already covers.
     */
    void checkFields() throws RemotingCommandException;
}
