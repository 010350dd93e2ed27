package org.nnj.data;

import org.apiguardian.api.API;

/**
 * How {@link CsvReader} turns the text of a class label into a class index. Declared class names (the
 * scikit-learn header line, or {@link CsvOptions.Builder#classNames}) always win: a text label is then its
 * position in that list and an integer label must lie in {@code 0 .. names-1}.
 */
@API(status = API.Status.STABLE)
public enum LabelMapping {
    /**
     * The default: {@link #INDEX} when every label is a non-negative integer, otherwise {@link #SORTED}.
     * Integer labels are never renumbered, so a training file and a test file agree on indices even when one
     * of them lacks a class.
     */
    AUTO,
    /**
     * Each label is an integer class index kept as its value; the class count is the number of declared
     * names, or the largest label + 1 (a class no row uses still gets an index). Class names are "0", "1", ....
     */
    INDEX,
    /**
     * The distinct labels sorted, each mapped to its rank: numerically when all are numbers, otherwise by
     * {@link String#compareTo} (Unicode code order, case-sensitive).
     */
    SORTED,
    /** The distinct labels in the order they first appear in the file. */
    FIRST_SEEN
}
