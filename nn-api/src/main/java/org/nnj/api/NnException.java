package org.nnj.api;

import org.apiguardian.api.API;

/** The root of every exception nnj throws on purpose. Its message says what was expected and what was found. */
@API(status = API.Status.STABLE)
public class NnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NnException(String message) {
        super(message);
    }

    public NnException(String message, Throwable cause) {
        super(message, cause);
    }
}
