package org.nnj.data;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The three parts of a dataset made by {@link Splits}. A part whose fraction was 0 has no rows. Each part is
 * an independent copy; immutable and thread-safe as {@link Dataset} is.
 */
@API(status = API.Status.STABLE)
public record Split(Dataset train, Dataset validation, Dataset test) {
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }
}
