package org.nnj.api;

import org.apiguardian.api.API;

/** A matrix or vector of the wrong shape was passed; the message carries both shapes. */
@API(status = API.Status.STABLE)
public class ShapeException extends NnException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
