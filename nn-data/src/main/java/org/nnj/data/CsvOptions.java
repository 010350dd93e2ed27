package org.nnj.data;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.Precision;

/**
 * How {@link CsvReader} reads a file. Immutable and thread-safe; make one with {@link #builder()}.
 *
 * <p>Target columns are given by header name or by index. An index is 0-based from the left
 * ({@code 0} is the first column) or, when negative, counts from the right ({@code -1} is the last column,
 * {@code -2} the one before). The default is a classification task whose label is the last column.
 */
@API(status = API.Status.STABLE)
public final class CsvOptions {
    /** Most classes a classification file may have; a guard against reading a regression file as classes. */
    public static final int DEFAULT_MAX_CLASSES = 1000;

    private final HeaderMode header;
    private final char delimiter;
    private final Task task;
    private final List<String> targetNames;
    private final int[] targetIndices;
    private final LabelMapping labelMapping;
    private final List<String> classNames;
    private final List<String> featureNames;
    private final int expectedFeatures;
    private final int minRows;
    private final int maxClasses;
    private final Precision precision;

    private CsvOptions(Builder b) {
        this.header = b.header;
        this.delimiter = b.delimiter;
        this.task = b.task;
        this.targetNames = b.targetNames;
        this.targetIndices = b.targetIndices.clone();
        this.labelMapping = b.labelMapping;
        this.classNames = b.classNames;
        this.featureNames = b.featureNames;
        this.expectedFeatures = b.expectedFeatures;
        this.minRows = b.minRows;
        this.maxClasses = b.maxClasses;
        this.precision = b.precision;
    }

    /** Classification, label in the last column, header auto-detected, comma-separated, float32. */
    public static CsvOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public HeaderMode header() {
        return header;
    }

    public char delimiter() {
        return delimiter;
    }

    public Task task() {
        return task;
    }

    /** Target columns by header name; empty when they are given by index. */
    public List<String> targetNames() {
        return targetNames;
    }

    /** Target columns by index (negative from the right); used when {@link #targetNames()} is empty. */
    public int[] targetIndices() {
        return targetIndices.clone();
    }

    public LabelMapping labelMapping() {
        return labelMapping;
    }

    /** Declared class names in index order, or empty. */
    public List<String> classNames() {
        return classNames;
    }

    /** The feature columns by header name, in feature order, or empty (see {@link Builder#featureNames}). */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The required number of feature columns, or -1 for any. */
    public int expectedFeatures() {
        return expectedFeatures;
    }

    public int minRows() {
        return minRows;
    }

    public int maxClasses() {
        return maxClasses;
    }

    public Precision precision() {
        return precision;
    }

    /** Builds {@link CsvOptions}; not thread-safe. */
    public static final class Builder {
        private HeaderMode header = HeaderMode.AUTO;
        private char delimiter = ',';
        private Task task = Task.CLASSIFICATION;
        private List<String> targetNames = List.of();
        private int[] targetIndices = {-1};
        private LabelMapping labelMapping = LabelMapping.AUTO;
        private List<String> classNames = List.of();
        private List<String> featureNames = List.of();
        private int expectedFeatures = -1;
        private int minRows = 1;
        private int maxClasses = DEFAULT_MAX_CLASSES;
        private Precision precision = Precision.FLOAT32;

        private Builder() {
        }

        public Builder header(HeaderMode mode) {
            this.header = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The field separator, {@code ','} by default; not a quote, CR or LF. */
        public Builder delimiter(char c) {
            if (c == '"' || c == '\n' || c == '\r') {
                throw new IllegalArgumentException("delimiter: expected a character other than a quote, CR or LF, got "
                        + (int) c);
            }
            this.delimiter = c;
            return this;
        }

        /** Sets the task; {@link Task#CLASSIFICATION} by default. */
        public Builder task(Task t) {
            this.task = Objects.requireNonNull(t, "task");
            return this;
        }

        public Builder classification() {
            return task(Task.CLASSIFICATION);
        }

        public Builder regression() {
            return task(Task.REGRESSION);
        }

        /** Every column is a feature (rows to predict). */
        public Builder unlabelled() {
            return task(Task.UNLABELLED);
        }

        /** The label (or single regression target) column by index: 0-based, negative counts from the right. */
        public Builder labelColumn(int index) {
            return targetColumns(index);
        }

        /** The label (or single regression target) column by header name. */
        public Builder labelColumn(String name) {
            return targetColumns(name);
        }

        /** Regression target columns by index (0-based, negative from the right), in target order. */
        public Builder targetColumns(int... indices) {
            if (indices.length == 0) {
                throw new IllegalArgumentException("targetColumns: expected at least one column index");
            }
            this.targetIndices = indices.clone();
            this.targetNames = List.of();
            return this;
        }

        /** Regression target columns by header name, in target order. */
        public Builder targetColumns(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("targetColumns: expected at least one column name");
            }
            this.targetNames = List.of(names);
            return this;
        }

        public Builder labelMapping(LabelMapping mapping) {
            this.labelMapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** Declares the classes in index order; labels outside them are errors. */
        public Builder classNames(List<String> names) {
            List<String> copy = List.copyOf(names);
            if (copy.isEmpty() || copy.stream().distinct().count() != copy.size()) {
                throw new IllegalArgumentException("classNames: expected distinct names, got " + copy);
            }
            this.classNames = copy;
            return this;
        }

        /**
         * The features by name, in the order the features are to have (a saved model's feature names). A file with
         * a header must name each of them once, and every other column must be a target column: the features are
         * then read by name whatever their order in the file; names missing from the header and columns that are
         * neither a feature nor a target are one {@link org.nnj.api.DataException} listing them. A file without a
         * header is read by position. Implies {@link #expectFeatures} of the list's size.
         */
        public Builder featureNames(List<String> names) {
            List<String> copy = List.copyOf(names);
            if (copy.isEmpty() || copy.stream().distinct().count() != copy.size()) {
                throw new IllegalArgumentException("featureNames: expected distinct names, got " + copy);
            }
            this.featureNames = copy;
            this.expectedFeatures = copy.size();
            return this;
        }

        /** Fails reading unless there are exactly {@code n} feature columns (e.g. the network's input size). */
        public Builder expectFeatures(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("expectFeatures: expected n >= 1, got " + n);
            }
            this.expectedFeatures = n;
            return this;
        }

        /** Fewest data rows accepted, 1 by default. */
        public Builder minRows(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("minRows: expected n >= 1, got " + n);
            }
            this.minRows = n;
            return this;
        }

        public Builder maxClasses(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxClasses: expected n >= 1, got " + n);
            }
            this.maxClasses = n;
            return this;
        }

        public Builder precision(Precision p) {
            this.precision = Objects.requireNonNull(p, "precision");
            return this;
        }

        public CsvOptions build() {
            return new CsvOptions(this);
        }
    }
}
