package org.nnj.api;

/** A matrix or vector of the wrong shape was passed; the message carries both shapes. */
public class ShapeException extends NnException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
