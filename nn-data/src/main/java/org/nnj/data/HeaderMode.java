package org.nnj.data;

import org.apiguardian.api.API;

/** How {@link CsvReader} treats the first line of a file. */
@API(status = API.Status.STABLE)
public enum HeaderMode {
    /**
     * Decide from the first two lines (the default): {@link #SKLEARN} when the first line's first two fields
     * are non-negative integers, every further field is not a number, and the second field (the feature
     * count) is smaller than the field count of the second line; else {@link #PRESENT} when some field of the
     * first line is not a number while the same field of the second line is one; else {@link #ABSENT}.
     */
    AUTO,
    /** The first line holds column names. */
    PRESENT,
    /** There is no header: the first line is data; columns are known only by index. */
    ABSENT,
    /**
     * scikit-learn's bundled format: the first line is {@code rows,features[,class names...]} (e.g.
     * {@code 150,4,setosa,versicolor,virginica}); the class names are taken from it and the row and feature
     * counts it announces are checked.
     */
    SKLEARN
}
