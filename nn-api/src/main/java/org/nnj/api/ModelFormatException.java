package org.nnj.api;

import org.apiguardian.api.API;

/** A model or checkpoint file is corrupt, truncated, hostile or inconsistent with its spec. */
@API(status = API.Status.STABLE)
public class ModelFormatException extends NnException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
