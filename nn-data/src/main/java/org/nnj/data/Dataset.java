package org.nnj.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.DataException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;

/**
 * A table of samples: features as an {@code n x d} {@link Mat} and targets as an {@code n x k} {@code Mat}
 * in the same {@link Precision}. For {@link Task#CLASSIFICATION} the targets are one-hot rows built from the
 * class index of each row ({@link #label(int)}) and {@link #classNames()} has one name per class; for
 * {@link Task#REGRESSION} they are the target values; for {@link Task#UNLABELLED} there are no target columns.
 *
 * <p>Immutable by contract, not by copy: {@link #features()} and {@link #targets()} hand out the dataset's own
 * storage (a 60000 x 784 float32 set is 188 MB; copying it again would double the memory). Callers must not
 * write into them. Every method that changes something ({@link #subset}, {@link #withPrecision},
 * {@link #withFeatures}) returns a new {@code Dataset}. Under that contract a {@code Dataset} is safe to read
 * from any number of threads at once.
 */
@API(status = API.Status.STABLE)
public final class Dataset {
    private final Task task;
    private final Mat features;
    private final Mat targets;
    private final int[] labels;
    private final List<String> classNames;
    private final List<String> featureNames;
    private final List<String> targetNames;
    private final String source;
    /** How one row's features are laid out (e.g. 1x28x28 for IDX images); flat when not known otherwise. */
    private final Shape sampleShape;

    private Dataset(Task task, Mat features, Mat targets, int[] labels, List<String> classNames,
                    List<String> featureNames, List<String> targetNames, String source) {
        this(task, features, targets, labels, classNames, featureNames, targetNames, source, null);
    }

    private Dataset(Task task, Mat features, Mat targets, int[] labels, List<String> classNames,
                    List<String> featureNames, List<String> targetNames, String source, Shape sampleShape) {
        this.sampleShape = sampleShape != null ? sampleShape
                : features.cols() > 0 ? Shape.flat(features.cols()) : null;
        this.task = task;
        this.features = features;
        this.targets = targets;
        this.labels = labels;
        this.classNames = classNames;
        this.featureNames = featureNames;
        this.targetNames = targetNames;
        this.source = source;
    }

    /**
     * A classification set. The one-hot targets are built here in the precision of {@code features}.
     *
     * @param labels       class index per row, each in {@code 0 .. classNames.size()-1}; copied
     * @param featureNames one name per feature column, or empty when unknown
     */
    public static Dataset classification(Mat features, int[] labels, List<String> classNames,
                                         List<String> featureNames, String source) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        List<String> classes = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("classNames: expected at least one class, got none");
        }
        if (labels.length != features.rows()) {
            throw new IllegalArgumentException("labels: expected " + features.rows() + " (one per feature row), got "
                    + labels.length);
        }
        Mat targets = Mat.zeros(features.precision(), features.rows(), classes.size());
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] < 0 || labels[r] >= classes.size()) {
                throw new IllegalArgumentException("labels[" + r + "]: expected a class index in 0.."
                        + (classes.size() - 1) + ", got " + labels[r]);
            }
            targets.set(r, labels[r], 1.0);
        }
        return new Dataset(Task.CLASSIFICATION, features, targets, labels.clone(), classes,
                names(featureNames, features.cols(), "featureNames"), classes, orUnknown(source));
    }

    /**
     * A regression set; {@code targets} must have as many rows as {@code features} and the same precision.
     *
     * @param targetNames one name per target column, or empty when unknown
     */
    public static Dataset regression(Mat features, Mat targets, List<String> featureNames,
                                     List<String> targetNames, String source) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        if (targets.rows() != features.rows() || targets.precision() != features.precision()) {
            throw new IllegalArgumentException("targets: expected " + features.rows() + " rows in "
                    + features.precision().id() + ", got " + targets.rows() + " rows in " + targets.precision().id());
        }
        return new Dataset(Task.REGRESSION, features, targets, null, List.of(),
                names(featureNames, features.cols(), "featureNames"),
                names(targetNames, targets.cols(), "targetNames"), orUnknown(source));
    }

    /** Features only, e.g. rows to predict. */
    public static Dataset unlabelled(Mat features, List<String> featureNames, String source) {
        Objects.requireNonNull(features, "features");
        return new Dataset(Task.UNLABELLED, features, Mat.zeros(features.precision(), features.rows(), 0), null,
                List.of(), names(featureNames, features.cols(), "featureNames"), List.of(), orUnknown(source));
    }

    private static List<String> names(List<String> names, int count, String what) {
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        if (names.size() != count) {
            throw new IllegalArgumentException(what + ": expected " + count + " names (or none), got " + names.size());
        }
        return List.copyOf(names);
    }

    private static String orUnknown(String source) {
        return source == null || source.isBlank() ? "<memory>" : source;
    }

    public Task task() {
        return task;
    }

    /** Number of rows (samples). */
    public int size() {
        return features.rows();
    }

    public int featureCount() {
        return features.cols();
    }

    /** Columns of {@link #targets()}: the class count, the regression target count, or 0 when unlabelled. */
    public int targetCount() {
        return targets.cols();
    }

    /** Number of classes; 0 unless this is a classification set. */
    public int classCount() {
        return classNames.size();
    }

    public Precision precision() {
        return features.precision();
    }

    /** The {@code n x d} feature matrix: the dataset's own storage, not to be written. */
    public Mat features() {
        return features;
    }

    /** The {@code n x k} target matrix (one-hot for classification): the dataset's own storage, not to be written. */
    public Mat targets() {
        return targets;
    }

    /** The class index of row {@code row}; classification sets only. */
    public int label(int row) {
        requireClassification("label");
        return labels[Objects.checkIndex(row, labels.length)];
    }

    /** A copy of the class index of every row; classification sets only. */
    public int[] labels() {
        requireClassification("labels");
        return labels.clone();
    }

    /** Rows per class, indexed by class; classification sets only. */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Class names in index order; empty unless classification. */
    public List<String> classNames() {
        return classNames;
    }

    /** One name per feature column, or empty when the source had none. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** One name per target column (the class names for classification), or empty when unknown. */
    public List<String> targetNames() {
        return targetNames;
    }

    /** Where the data came from, e.g. a file path; used in error messages. */
    public String source() {
        return source;
    }

    /** Package-internal access to the label array without a copy (batch gathering). */
    int[] labelsNoCopy() {
        return labels;
    }

    /**
     * Fails with a {@link DataException} naming both counts when this set does not have {@code expected}
     * features (e.g. the width of a network's input layer).
     */
    public void requireFeatureCount(int expected) {
        if (featureCount() != expected) {
            throw new DataException(source, "expected " + expected + " features per row (the input size), found "
                    + featureCount());
        }
    }

    /**
     * Fails with a {@link DataException} naming the file, the expected shape and what the rows hold when this set's
     * samples cannot be a network's input of {@code expected}: a row width other than {@code expected.size()}, or
     * images of another shape (an IDX file of 28x28 images for an input of 1x14x56). Rows without a shape of their
     * own (a CSV file) are read as the input's shape, channel-major; images feed a flat input as they are.
     */
    public void requireShape(Shape expected) {
        Objects.requireNonNull(expected, "expected");
        if (expected.isFlat()) {
            requireFeatureCount(expected.size());
            return;
        }
        if (featureCount() != expected.size()) {
            throw new DataException(source, "expected " + expected.size() + " features per row (the input "
                    + expected + "), found " + featureCount()
                    + (sampleShape != null && !sampleShape.isFlat() ? " (images of " + sampleShape + ")" : ""));
        }
        if (sampleShape != null && !sampleShape.isFlat() && !sampleShape.equals(expected)) {
            throw new DataException(source, "expected samples of " + expected + " (the input), found images of "
                    + sampleShape);
        }
    }

    /**
     * A new dataset holding copies of the given rows, in the given order (duplicates allowed).
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code 0 .. size()-1}
     */
    public Dataset subset(int[] rows) {
        Objects.requireNonNull(rows, "rows");
        for (int r : rows) {
            Objects.checkIndex(r, size());
        }
        Mat f = Mat.zeros(precision(), rows.length, featureCount());
        MatRows.gather(features, rows, 0, rows.length, f);
        Mat t = Mat.zeros(precision(), rows.length, targetCount());
        MatRows.gather(targets, rows, 0, rows.length, t);
        int[] l = null;
        if (labels != null) {
            l = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                l[i] = labels[rows[i]];
            }
        }
        return new Dataset(task, f, t, l, classNames, featureNames, targetNames, source, sampleShape);
    }

    /**
     * Reorders this dataset's rows in its own storage (features, targets and labels alike) so that new row
     * {@code i} is old row {@code order[i]}. For {@link Splits}' in-place variants only: it is the one
     * exception to "never written", taken by callers that hand the dataset over.
     */
    void permuteRowsInPlace(int[] order) {
        MatRows.permuteRows(features, order);
        MatRows.permuteRows(targets, order);
        if (labels != null) {
            int[] old = labels.clone();
            for (int i = 0; i < order.length; i++) {
                labels[i] = old[order[i]];
            }
        }
    }

    /** Rows {@code first .. first+count-1} as a dataset sharing this one's feature and target storage. */
    Dataset rowsView(int first, int count) {
        int[] l = labels == null ? null : Arrays.copyOfRange(labels, first, first + count);
        return new Dataset(task, features.rows(first, count), targets.rows(first, count), l, classNames, featureNames,
                targetNames, source, sampleShape);
    }

    /** This dataset in {@code precision}: {@code this} when it already is, otherwise a converted copy. */
    public Dataset withPrecision(Precision precision) {
        Objects.requireNonNull(precision, "precision");
        if (precision == precision()) {
            return this;
        }
        return new Dataset(task, MatRows.copy(features, precision), MatRows.copy(targets, precision), labels,
                classNames, featureNames, targetNames, source, sampleShape);
    }

    /**
     * The same targets, labels and names with other features (e.g. scaled ones) of the same shape and
     * precision. The new features are used as given, not copied.
     */
    public Dataset withFeatures(Mat newFeatures) {
        Objects.requireNonNull(newFeatures, "newFeatures");
        if (newFeatures.rows() != size() || newFeatures.cols() != featureCount()
                || newFeatures.precision() != precision()) {
            throw new IllegalArgumentException("newFeatures: expected " + size() + " x " + featureCount() + " "
                    + precision().id() + ", got " + newFeatures.rows() + " x " + newFeatures.cols() + " "
                    + newFeatures.precision().id());
        }
        return new Dataset(task, newFeatures, targets, labels, classNames, featureNames, targetNames, source,
                sampleShape);
    }

    /**
     * The shape of one sample's features, e.g. {@code 1x28x28} for the images of an IDX file (channels x height
     * x width, the row's values in that order); a flat vector of {@link #featureCount()} unless the source said
     * otherwise ({@link #withSampleShape}).
     */
    public Shape sampleShape() {
        return sampleShape;
    }

    /**
     * The same data, its rows read as samples of {@code shape}.
     *
     * @throws IllegalArgumentException if {@code shape} does not hold {@link #featureCount()} values
     */
    public Dataset withSampleShape(Shape shape) {
        Objects.requireNonNull(shape, "shape");
        if (shape.size() != featureCount()) {
            throw new IllegalArgumentException("shape: " + shape + " holds " + shape.size() + " values, but the rows of "
                    + source + " have " + featureCount() + " features");
        }
        return new Dataset(task, features, targets, labels, classNames, featureNames, targetNames, source, shape);
    }

    private void requireClassification(String what) {
        if (labels == null) {
            throw new IllegalStateException(what + ": this is a " + task.id() + " dataset (" + source
                    + "); class labels exist only for classification");
        }
    }

    /** e.g. {@code iris.csv: classification, 150 rows x 4 features, 3 classes, float32}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source).append(": ").append(task.id()).append(", ")
                .append(size()).append(" rows x ").append(featureCount()).append(" features, ");
        if (task == Task.CLASSIFICATION) {
            sb.append(classCount()).append(" classes, ");
        } else if (task == Task.REGRESSION) {
            sb.append(targetCount()).append(" targets, ");
        }
        return sb.append(precision().id()).toString();
    }
}
