package org.nnj.data;

import org.apiguardian.api.API;

/** What the targets of a {@link Dataset} mean. */
@API(status = API.Status.STABLE)
public enum Task {
    /** One class per row: targets are one-hot rows, {@link Dataset#label(int)} gives the class index. */
    CLASSIFICATION,
    /** One or more real-valued targets per row. */
    REGRESSION,
    /** Features only (input for prediction): the targets matrix has zero columns. */
    UNLABELLED;

    /** The lowercase name used in files and messages. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
