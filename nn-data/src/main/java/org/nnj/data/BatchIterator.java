package org.nnj.data;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.Parallelism;

/**
 * Mini-batches of a {@link Dataset}, or of a pair of matrices and a subset of their rows, without copying the
 * whole set: each batch's rows are gathered into matrices this iterator owns and reuses, so steady-state
 * iteration allocates nothing. The trainer is fed by it: it is the one place where an epoch's order is made.
 *
 * <pre>{@code
 * BatchIterator batches = new BatchIterator(train, 128, true, seed, false);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.startEpoch(epoch);
 *     while (batches.next()) {
 *         step(batches.features(), batches.targets());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Order.</b> The row order of an epoch depends only on {@code (seed, epoch)}: the rows (all, or the given
 * subset in its order) shuffled by Fisher-Yates ({@link SplitMix#shuffle}) with a {@link SplitMix} seeded by
 * {@code SplitMix.derive(seed, epoch)}. So a run resumed from a checkpoint at epoch {@code e} just calls
 * {@code startEpoch(e)}: there is no generator state to save. With {@code shuffle == false} rows come in their
 * order. {@link #permutation(int, long, int)} gives the same order without an iterator.
 *
 * <p><b>Buffers.</b> Full batches use one pair of {@code batchSize}-row matrices; the last, partial batch
 * ({@code size() % batchSize} rows) uses a second, separately preallocated smaller pair, unless
 * {@code dropLast} is set, in which case it is skipped. The matrices returned by {@link #features()} and
 * {@link #targets()} are overwritten by the next {@link #next()}; copy them to keep them. Batches of many
 * elements are gathered in ranges of rows on the given {@link Parallelism} (the rows come from all over a data
 * set far larger than the caches: one thread copying 128 rows of 784 float32 took 81-95 us, about 5% of a
 * training step, against 51-74 us in four ranges on two cores); the batch is the same whoever copies which row.
 *
 * <p>Not thread-safe: use one iterator per thread (several iterators may read one {@code Dataset}).
 */
@API(status = API.Status.STABLE)
public final class BatchIterator {
    /** Batches of at least this many elements (features and targets) are gathered in parallel ranges. */
    private static final int MIN_PARALLEL = 16_384;
    private final Dataset data;
    private final Mat x;
    private final Mat y;
    private final int[] labels;
    private final int[] rows;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private final int[] batchLabels;
    private final Mat fullX;
    private final Mat fullY;
    private final Mat lastX;
    private final Mat lastY;
    private final int batchCount;
    private final Parallelism parallelism;
    private final Gather gather = new Gather();
    private int epoch = -1;
    private int batch = -1;
    private int size;

    /**
     * @param batchSize rows per batch, at least 1
     * @param shuffle   whether each epoch takes a fresh seeded permutation
     * @param dropLast  whether to skip the last batch when it has fewer than {@code batchSize} rows
     */
    public BatchIterator(Dataset data, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        this(Objects.requireNonNull(data, "data"), data.features(), data.targets(),
                data.task() == Task.CLASSIFICATION ? data.labelsNoCopy() : null, null, batchSize, shuffle, seed,
                dropLast, Parallelism.SERIAL);
    }

    /** Batches of {@code batchSize}, shuffled with {@code seed}, the last partial batch kept. */
    public BatchIterator(Dataset data, int batchSize, long seed) {
        this(data, batchSize, true, seed, false);
    }

    /**
     * Batches of the rows {@code rows} (all rows when null) of {@code features} and {@code targets}, gathered
     * into matrices of their precision, large batches in parallel ranges on {@code parallelism}.
     *
     * @param rows row indices to iterate over (not copied: do not change them while iterating), or null for all
     * @throws IllegalArgumentException if the matrices' rows or precisions differ, a row is out of range, or
     *                                  {@code batchSize < 1}
     */
    public BatchIterator(Mat features, Mat targets, int[] rows, int batchSize, boolean shuffle, long seed,
                         boolean dropLast, Parallelism parallelism) {
        this(null, features, targets, null, rows, batchSize, shuffle, seed, dropLast, parallelism);
    }

    private BatchIterator(Dataset data, Mat x, Mat y, int[] labels, int[] rows, int batchSize, boolean shuffle,
                          long seed, boolean dropLast, Parallelism parallelism) {
        this.data = data;
        this.x = Objects.requireNonNull(x, "features");
        this.y = Objects.requireNonNull(y, "targets");
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        if (y.rows() != x.rows() || y.precision() != x.precision()) {
            throw new IllegalArgumentException("targets: expected " + x.rows() + " rows in " + x.precision().id()
                    + " (as the features), got " + y.rows() + " rows in " + y.precision().id());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + batchSize);
        }
        if (rows != null) {
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] < 0 || rows[i] >= x.rows()) {
                    throw new IllegalArgumentException("rows[" + i + "]: expected a row index in 0.." + (x.rows() - 1)
                            + ", got " + rows[i]);
                }
            }
        }
        this.labels = labels;
        this.rows = rows;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        int n = rows != null ? rows.length : x.rows();
        int full = n / batchSize;
        int rest = n % batchSize;
        this.batchCount = full + (rest > 0 && !dropLast ? 1 : 0);
        this.order = new int[n];
        this.batchLabels = labels != null ? new int[Math.min(batchSize, n)] : null;
        this.fullX = full > 0 ? Mat.zeros(x.precision(), batchSize, x.cols()) : null;
        this.fullY = full > 0 ? Mat.zeros(x.precision(), batchSize, y.cols()) : null;
        this.lastX = rest > 0 && !dropLast ? Mat.zeros(x.precision(), rest, x.cols()) : null;
        this.lastY = rest > 0 && !dropLast ? Mat.zeros(x.precision(), rest, y.cols()) : null;
    }

    /** The row order of {@code epoch} for {@code n} rows, as the class javadoc defines it (shuffled). */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        fillPermutation(p, null, true, seed, epoch);
        return p;
    }

    private static void fillPermutation(int[] p, int[] rows, boolean shuffle, long seed, int epoch) {
        for (int i = 0; i < p.length; i++) {
            p[i] = rows == null ? i : rows[i];
        }
        if (shuffle) {
            new SplitMix(SplitMix.derive(seed, epoch)).shuffle(p, 0, p.length);
        }
    }

    /** Starts epoch {@code epoch} (>= 0): computes its row order and rewinds to before the first batch. */
    public void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: expected >= 0, got " + epoch);
        }
        fillPermutation(order, rows, shuffle, seed, epoch);
        this.epoch = epoch;
        this.batch = -1;
        this.size = 0;
    }

    /** Moves to the next batch of the epoch, gathering its rows; false when the epoch is over. */
    public boolean next() {
        if (epoch < 0) {
            throw new IllegalStateException("call startEpoch(epoch) before next()");
        }
        if (batch + 1 >= batchCount) {
            batch = batchCount;
            size = 0;
            return false;
        }
        batch++;
        int from = batch * batchSize;
        size = Math.min(batchSize, order.length - from);
        Mat bx = size == batchSize ? fullX : lastX;
        Mat by = size == batchSize ? fullY : lastY;
        if ((long) size * (x.cols() + y.cols()) < MIN_PARALLEL) {
            MatRows.gather(x, order, from, size, bx, 0);
            MatRows.gather(y, order, from, size, by, 0);
        } else {
            gather.run(from, bx, by);
        }
        if (batchLabels != null) {
            for (int i = 0; i < size; i++) {
                batchLabels[i] = labels[order[from + i]];
            }
        }
        return true;
    }

    /** The gather of one batch in ranges of its rows; one instance per iterator, so nothing is allocated. */
    private final class Gather implements Parallelism.Range {
        private int first;
        private Mat bx;
        private Mat by;

        void run(int first, Mat bx, Mat by) {
            this.first = first;
            this.bx = bx;
            this.by = by;
            try {
                parallelism.forRanges(size, (size + 3) / 4, this);
            } finally {
                this.bx = null;
                this.by = null;
            }
        }

        @Override
        public void run(int from, int to) {
            MatRows.gather(x, order, first + from, to - from, bx, from);
            MatRows.gather(y, order, first + from, to - from, by, from);
        }
    }

    /** The current batch's features, {@code size() x featureCount}; reused by the next batch. */
    public Mat features() {
        requireBatch();
        return size == batchSize ? fullX : lastX;
    }

    /** The current batch's targets, {@code size() x targetCount}; reused by the next batch. */
    public Mat targets() {
        requireBatch();
        return size == batchSize ? fullY : lastY;
    }

    /** The class index of row {@code i} of the current batch (classification only). */
    public int label(int i) {
        requireBatch();
        if (batchLabels == null) {
            throw new IllegalStateException("label: the rows have no class labels (not a classification dataset)");
        }
        return batchLabels[Objects.checkIndex(i, size)];
    }

    /** The dataset row that row {@code i} of the current batch was copied from. */
    public int sourceRow(int i) {
        requireBatch();
        return order[batch * batchSize + Objects.checkIndex(i, size)];
    }

    /** Rows in the current batch. */
    public int size() {
        return size;
    }

    /** 0-based index of the current batch within the epoch. */
    public int batchIndex() {
        return batch;
    }

    /** Batches per epoch. */
    public int batchCount() {
        return batchCount;
    }

    /** The current epoch, or -1 before the first {@link #startEpoch}. */
    public int epoch() {
        return epoch;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The dataset iterated over, or null when built from matrices. */
    public Dataset dataset() {
        return data;
    }

    private void requireBatch() {
        if (size == 0) {
            throw new IllegalStateException("no current batch: call next() and check that it returned true");
        }
    }
}
