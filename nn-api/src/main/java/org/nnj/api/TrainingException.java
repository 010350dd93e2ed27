package org.nnj.api;

import org.apiguardian.api.API;

/** Training cannot go on, for example because the loss or a gradient is no longer finite. */
@API(status = API.Status.STABLE)
public class TrainingException extends NnException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
