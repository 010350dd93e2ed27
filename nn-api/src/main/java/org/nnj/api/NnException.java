package org.nnj.api;

/** The root of every exception nnj throws on purpose. Its message says what was expected and what was found. */
public class NnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NnException(String message) {
        super(message);
    }

    public NnException(String message, Throwable cause) {
        super(message, cause);
    }
}
