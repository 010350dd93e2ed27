package org.nnj.api;

/** A model or checkpoint file is corrupt, truncated, hostile or inconsistent with its spec. */
public class ModelFormatException extends NnException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
