package org.nnj.api;

/** Training cannot go on, for example because the loss or a gradient is no longer finite. */
public class TrainingException extends NnException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
