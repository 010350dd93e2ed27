package org.nnj.data;

import java.util.Objects;
import org.nnj.api.Mat;

/**
 * Mini-batches of a {@link Dataset} without copying the whole set: each batch's rows are gathered into
 * matrices this iterator owns and reuses, so steady-state iteration allocates nothing.
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
 * <p><b>Order.</b> The row order of an epoch depends only on {@code (seed, epoch)}: the identity permutation
 * shuffled by Fisher-Yates (from the last element down) with SplitMix64 whose state starts at
 * {@code seed + (epoch + 1) * 0x9E3779B97F4A7C15}. So a run resumed from a checkpoint at epoch {@code e} just calls
 * {@code startEpoch(e)}: there is no generator state to save. With {@code shuffle == false} rows come in dataset
 * order. {@link #permutation(int, long, int)} gives the same order without an iterator.
 *
 * <p><b>Buffers.</b> Full batches use one pair of {@code batchSize}-row matrices; the last, partial batch
 * ({@code size() % batchSize} rows) uses a second, separately preallocated smaller pair, unless
 * {@code dropLast} is set, in which case it is skipped. The matrices returned by {@link #features()} and
 * {@link #targets()} are overwritten by the next {@link #next()}; copy them to keep them.
 *
 * <p>Not thread-safe: use one iterator per thread (several iterators may read one {@code Dataset}).
 */
public final class BatchIterator {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int[] order;
    private final int[] batchLabels;
    private final Mat fullX;
    private final Mat fullY;
    private final Mat lastX;
    private final Mat lastY;
    private final int batchCount;
    private int epoch = -1;
    private int batch = -1;
    private int size;

    /**
     * @param batchSize rows per batch, at least 1
     * @param shuffle   whether each epoch takes a fresh seeded permutation
     * @param dropLast  whether to skip the last batch when it has fewer than {@code batchSize} rows
     */
    public BatchIterator(Dataset data, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        this.data = Objects.requireNonNull(data, "data");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        int n = data.size();
        int full = n / batchSize;
        int rest = n % batchSize;
        this.batchCount = full + (rest > 0 && !dropLast ? 1 : 0);
        this.order = new int[n];
        this.batchLabels = data.task() == Task.CLASSIFICATION ? new int[Math.min(batchSize, n)] : null;
        this.fullX = full > 0 ? Mat.zeros(data.precision(), batchSize, data.featureCount()) : null;
        this.fullY = full > 0 ? Mat.zeros(data.precision(), batchSize, data.targetCount()) : null;
        this.lastX = rest > 0 && !dropLast ? Mat.zeros(data.precision(), rest, data.featureCount()) : null;
        this.lastY = rest > 0 && !dropLast ? Mat.zeros(data.precision(), rest, data.targetCount()) : null;
    }

    /** Batches of {@code batchSize}, shuffled with {@code seed}, the last partial batch kept. */
    public BatchIterator(Dataset data, int batchSize, long seed) {
        this(data, batchSize, true, seed, false);
    }

    /** The row order of {@code epoch} for {@code n} rows, as the class javadoc defines it (shuffled). */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        fillPermutation(p, true, seed, epoch);
        return p;
    }

    private static void fillPermutation(int[] p, boolean shuffle, long seed, int epoch) {
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        if (shuffle) {
            new SplitMix64(seed + (epoch + 1L) * SplitMix64.GOLDEN).shuffle(p, 0, p.length);
        }
    }

    /** Starts epoch {@code epoch} (>= 0): computes its row order and rewinds to before the first batch. */
    public void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: expected >= 0, got " + epoch);
        }
        fillPermutation(order, shuffle, seed, epoch);
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
        size = Math.min(batchSize, data.size() - from);
        MatRows.gather(data.features(), order, from, size, features());
        MatRows.gather(data.targets(), order, from, size, targets());
        if (batchLabels != null) {
            int[] labels = data.labelsNoCopy();
            for (int i = 0; i < size; i++) {
                batchLabels[i] = labels[order[from + i]];
            }
        }
        return true;
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
            throw new IllegalStateException("label: the dataset is " + data.task().id() + ", not classification");
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

    public Dataset dataset() {
        return data;
    }

    private void requireBatch() {
        if (size == 0) {
            throw new IllegalStateException("no current batch: call next() and check that it returned true");
        }
    }
}
