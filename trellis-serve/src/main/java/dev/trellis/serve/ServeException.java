package dev.trellis.serve;

import dev.trellis.core.TrellisException;

/** Root of the typed failures a Serve call can end with. */
public class ServeException extends TrellisException {
    public ServeException(String message) {
        super(message);
    }

    public ServeException(String message, Throwable cause) {
        super(message, cause);
    }
}
