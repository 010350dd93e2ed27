package org.nnj.spark;

import java.io.Serializable;
import org.nnj.data.BatchIterator;

/**
 * The global mini-batches of a run, exactly those of one-machine training ({@code Trainer.fit}): epoch {@code e}
 * visits the {@code n} rows in the order {@link BatchIterator#permutation}{@code (n, orderSeed, e)} (or in their
 * order without shuffling) and cuts it into batches of {@code batchSize}, the last one partial. Each partition
 * holds a contiguous range of rows and takes, of each batch, the rows in its range: the parts of a batch, weighted
 * by their rows, sum to the batch's mean gradient.
 *
 * @param rows      rows in the data set
 * @param batchSize rows per global batch (at most {@code rows})
 * @param shuffle   whether each epoch takes a fresh seeded order
 * @param orderSeed {@code Trainer.epochOrderSeed} of the run's seed
 */
record BatchPlan(long rows, int batchSize, boolean shuffle, long orderSeed) implements Serializable {

    BatchPlan {
        if (rows < 1) {
            throw new IllegalArgumentException("the data set has no rows to train on");
        }
        if (rows > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the data set has " + rows + " rows; the global batch order holds at "
                    + "most " + (Integer.MAX_VALUE - 8));
        }
        batchSize = (int) Math.min(batchSize, rows);
    }

    /** Batches per epoch (steps per epoch). */
    int batchesPerEpoch() {
        return (int) ((rows + batchSize - 1) / batchSize);
    }

    /** The global row order of {@code epoch}. */
    int[] order(int epoch) {
        if (shuffle) {
            return BatchIterator.permutation((int) rows, orderSeed, epoch);
        }
        int[] p = new int[(int) rows];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        return p;
    }

    /** Rows in batch {@code b}. */
    int batchRows(int b) {
        return (int) Math.min(batchSize, rows - (long) b * batchSize);
    }

    /**
     * Writes into {@code local} the partition-local indices of the rows of batch {@code b} that lie in
     * {@code [first, first + count)}, in batch order; returns how many.
     */
    int localRows(int[] order, int b, long first, int count, int[] local) {
        int from = b * batchSize;
        int to = from + batchRows(b);
        int m = 0;
        for (int i = from; i < to; i++) {
            long r = order[i] - first;
            if (r >= 0 && r < count) {
                local[m++] = (int) r;
            }
        }
        return m;
    }
}
