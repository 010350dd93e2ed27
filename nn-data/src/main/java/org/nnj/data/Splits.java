package org.nnj.data;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.DataException;

/**
 * Seeded splits of a {@link Dataset} into train, validation and test parts. The same data, fractions and seed
 * give the same split on every JVM: the random numbers come from {@link SplitMix} seeded with {@code seed}, shuffled
 * by Fisher-Yates from the last element down.
 *
 * <p>{@link #stratified}: for each class in index order, its rows (in file order) are shuffled; the first
 * {@code round(test * n_c)} go to test, the next {@code round(validation * n_c)} to validation, the rest to
 * train ({@link Math#round}, halves up). A class with at least as many rows as there are non-empty parts gets at
 * least one row in each of them (taken from the largest part). So each part keeps the class proportions up to
 * rounding, and part sizes may differ from {@code fraction * n} by up to half a row per class.
 * {@link #random}: the same on all rows at once, for regression. Within each part rows keep their file order
 * (shuffle per epoch with {@link BatchIterator}). Stateless and thread-safe.
 *
 * <p><b>Memory.</b> {@link #stratified} and {@link #random} copy each part, leaving {@code data} untouched:
 * for a moment the data exists twice (Fashion-MNIST in float32: 188 MB + 188 MB). {@link #stratifiedInPlace}
 * and {@link #randomInPlace} give parts with exactly the same rows, but reorder {@code data}'s own rows
 * (train rows first, then validation, then test) and return views sharing its storage: no copy at all. Use
 * them when the caller owns {@code data} (it just loaded it) and no one else reads it concurrently.
 */
@API(status = API.Status.STABLE)
public final class Splits {
    private Splits() {
    }

    /** {@link #stratified} for classification sets, {@link #random} otherwise. */
    public static Split split(Dataset data, double validationFraction, double testFraction, long seed) {
        return data.task() == Task.CLASSIFICATION
                ? stratified(data, validationFraction, testFraction, seed)
                : random(data, validationFraction, testFraction, seed);
    }

    /** A split keeping the class proportions in every part; the train fraction is what remains. */
    public static Split stratified(Dataset data, double validationFraction, double testFraction, long seed) {
        return copies(data, stratifiedRows(data, validationFraction, testFraction, seed));
    }

    /** {@link #stratified} without copying: reorders {@code data}'s rows and returns views of them. */
    public static Split stratifiedInPlace(Dataset data, double validationFraction, double testFraction, long seed) {
        return views(data, stratifiedRows(data, validationFraction, testFraction, seed));
    }

    /** {@link #random} without copying: reorders {@code data}'s rows and returns views of them. */
    public static Split randomInPlace(Dataset data, double validationFraction, double testFraction, long seed) {
        return views(data, randomRows(data, validationFraction, testFraction, seed));
    }

    /** {@link #stratifiedInPlace} for classification sets, {@link #randomInPlace} otherwise. */
    public static Split splitInPlace(Dataset data, double validationFraction, double testFraction, long seed) {
        return data.task() == Task.CLASSIFICATION
                ? stratifiedInPlace(data, validationFraction, testFraction, seed)
                : randomInPlace(data, validationFraction, testFraction, seed);
    }

    /**
     * The rows of each part {@code {train, validation, test}}, each in ascending order, without copying or
     * reordering anything: {@link #stratified}'s rows when {@code labels} is given (a class index per row,
     * {@code 0 .. classCount-1}), {@link #random}'s rows for {@code n} rows when it is null. The trainer's
     * validation split is this, on the training rows.
     *
     * @param source names the data in errors (a file name, say)
     * @throws DataException if there are fewer rows than non-empty parts
     */
    public static int[][] rows(int[] labels, int classCount, int n, double validationFraction, double testFraction,
                               long seed, String source) {
        checkFractions(validationFraction, testFraction);
        requireRows(n, source, validationFraction, testFraction);
        return labels != null ? stratifiedRows(labels, classCount, validationFraction, testFraction, seed)
                : randomRows(n, validationFraction, testFraction, seed);
    }

    private static int[][] stratifiedRows(Dataset data, double validationFraction, double testFraction, long seed) {
        Objects.requireNonNull(data, "data");
        if (data.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("stratified: expected a classification dataset, got " + data);
        }
        checkFractions(validationFraction, testFraction);
        requireRows(data.size(), data.source(), validationFraction, testFraction);
        return stratifiedRows(data.labelsNoCopy(), data.classCount(), validationFraction, testFraction, seed);
    }

    private static int[][] stratifiedRows(int[] labels, int classCount, double validationFraction,
                                          double testFraction, long seed) {
        int[][] byClass = rowsByClass(labels, classCount);
        SplitMix rng = new SplitMix(seed);
        int[][] parts = new int[3][];
        int[] fill = new int[3];
        for (int p = 0; p < 3; p++) {
            parts[p] = new int[labels.length];
        }
        for (int[] rows : byClass) {
            rng.shuffle(rows, 0, rows.length);
            int[] counts = allocate(rows.length, validationFraction, testFraction);
            int at = 0;
            for (int p : new int[] {2, 1, 0}) { // test, validation, train
                System.arraycopy(rows, at, parts[p], fill[p], counts[p]);
                fill[p] += counts[p];
                at += counts[p];
            }
        }
        return sorted(parts, fill);
    }

    /** A split of shuffled rows, ignoring classes; the train fraction is what remains. */
    public static Split random(Dataset data, double validationFraction, double testFraction, long seed) {
        return copies(data, randomRows(data, validationFraction, testFraction, seed));
    }

    private static int[][] randomRows(Dataset data, double validationFraction, double testFraction, long seed) {
        Objects.requireNonNull(data, "data");
        checkFractions(validationFraction, testFraction);
        requireRows(data.size(), data.source(), validationFraction, testFraction);
        return randomRows(data.size(), validationFraction, testFraction, seed);
    }

    private static int[][] randomRows(int n, double validationFraction, double testFraction, long seed) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        new SplitMix(seed).shuffle(rows, 0, n);
        int[] counts = allocate(n, validationFraction, testFraction);
        int[][] parts = new int[3][];
        parts[2] = Arrays.copyOfRange(rows, 0, counts[2]);
        parts[1] = Arrays.copyOfRange(rows, counts[2], counts[2] + counts[1]);
        parts[0] = Arrays.copyOfRange(rows, counts[2] + counts[1], n);
        return sorted(parts, new int[] {counts[0], counts[1], counts[2]});
    }

    /** Rows per part {train, validation, test} for {@code n} rows, as the class javadoc describes. */
    static int[] allocate(int n, double validationFraction, double testFraction) {
        int[] c = {0, (int) Math.round(validationFraction * n), (int) Math.round(testFraction * n)};
        c[0] = n - c[1] - c[2]; // >= 0: the two roundings add at most 1 to a sum below n
        boolean[] wanted = {true, validationFraction > 0, testFraction > 0};
        int parts = 1 + (wanted[1] ? 1 : 0) + (wanted[2] ? 1 : 0);
        if (n >= parts) {
            for (int p = 0; p < 3; p++) {
                if (wanted[p] && c[p] == 0) {
                    int largest = c[0] >= c[1] && c[0] >= c[2] ? 0 : c[1] >= c[2] ? 1 : 2;
                    c[largest]--;
                    c[p]++;
                }
            }
        }
        return c;
    }

    private static int[][] rowsByClass(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int r = 0; r < labels.length; r++) {
            byClass[labels[r]][fill[labels[r]]++] = r;
        }
        return byClass;
    }

    private static int[][] sorted(int[][] parts, int[] fill) {
        int[][] out = new int[3][];
        for (int p = 0; p < 3; p++) {
            out[p] = Arrays.copyOf(parts[p], fill[p]);
            Arrays.sort(out[p]);
        }
        return out;
    }

    private static Split copies(Dataset data, int[][] rows) {
        return new Split(data.subset(rows[0]), data.subset(rows[1]), data.subset(rows[2]));
    }

    private static Split views(Dataset data, int[][] rows) {
        int[] order = new int[data.size()];
        System.arraycopy(rows[0], 0, order, 0, rows[0].length);
        System.arraycopy(rows[1], 0, order, rows[0].length, rows[1].length);
        System.arraycopy(rows[2], 0, order, rows[0].length + rows[1].length, rows[2].length);
        data.permuteRowsInPlace(order);
        return new Split(data.rowsView(0, rows[0].length), data.rowsView(rows[0].length, rows[1].length),
                data.rowsView(rows[0].length + rows[1].length, rows[2].length));
    }

    private static void checkFractions(double validation, double test) {
        if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
            throw new IllegalArgumentException("expected validation and test fractions >= 0 with a sum below 1 "
                    + "(the rest is train), got validation " + validation + " and test " + test);
        }
    }

    private static void requireRows(int n, String source, double validation, double test) {
        int parts = 1 + (validation > 0 ? 1 : 0) + (test > 0 ? 1 : 0);
        if (n < parts) {
            throw new DataException(source, "too few rows to split into " + parts + " parts: expected at least "
                    + parts + ", found " + n);
        }
    }
}
