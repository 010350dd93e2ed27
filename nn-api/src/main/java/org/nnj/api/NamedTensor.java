package org.nnj.api;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.Mat;

/** A tensor with a name, as saved in model and checkpoint files. */
@API(status = API.Status.STABLE)
public record NamedTensor(String name, Mat value) {
    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
