package dev.remoting.sample.broker.store;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * A read or write the store could not do. Its message names the queue and the reason and never a path, because
 * handlers answer with it and it reaches clients; the cause keeps the details for the broker's log.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String what, IOException cause) {
        super(what + ": " + reason(cause), cause);
    }

    /** The system's reason without the file it was about, e.g. "No space left on device". */
    private static String reason(IOException e) {
        // A FileSystemException's message starts with the path; its reason alone does not.
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return reason != null ? reason : e.getClass().getSimpleName();
    }
}
