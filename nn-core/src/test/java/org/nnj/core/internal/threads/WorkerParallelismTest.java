package org.nnj.core.internal.threads;

import org.nnj.core.internal.gemm.Gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The optimizers' view of the matrix-multiply threads: every element exactly once, errors surface, nesting works. */
class WorkerParallelismTest {
    @Test
    void everyElementIsVisitedExactlyOnceWhateverTheChunk() {
        for (int n : new int[] {1, 63, 64, 65, 1000, 100_003}) {
            for (int chunk : new int[] {1, 7, 64, 4096, 200_000}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                WorkerParallelism.INSTANCE.forRanges(n, chunk, (from, to) -> {
                    assertEquals(0, from % chunk, "ranges start at multiples of the chunk");
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i), "n=" + n + " chunk=" + chunk + " element " + i);
                }
            }
        }
    }

    @Test
    void aFailingRangeIsRethrownToTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WorkerParallelism.INSTANCE.forRanges(10_000, 100, (from, to) -> {
                    if (from == 5_000) {
                        throw new IllegalStateException("range at 5000");
                    }
                }));
        assertEquals("range at 5000", e.getMessage());
        // The workers are usable afterwards.
        AtomicIntegerArray seen = new AtomicIntegerArray(1);
        WorkerParallelism.INSTANCE.forRanges(1_000, 10, (from, to) -> seen.addAndGet(0, to - from));
        assertEquals(1_000, seen.get(0));
    }

    /**
     * An exception thrown on a worker thread reaches the caller of that very loop. It was once recorded only after
     * the worker's part counted as finished, so the caller could return normally and the exception surfaced in a
     * later, unrelated call.
     */
    @Test
    void aRangeFailingOnAWorkerIsRethrownByThatCall() {
        Thread caller = Thread.currentThread();
        int thrown = 0;
        for (int iter = 0; iter < 2_000; iter++) {
            java.util.concurrent.atomic.AtomicBoolean ranOnWorker = new java.util.concurrent.atomic.AtomicBoolean();
            try {
                WorkerParallelism.INSTANCE.forRanges(64 * 64, 64, (from, to) -> {
                    if (Thread.currentThread() != caller) {
                        ranOnWorker.set(true);
                        throw new IllegalStateException("worker " + from);
                    }
                    long until = System.nanoTime() + 2_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
                org.junit.jupiter.api.Assertions.assertFalse(ranOnWorker.get(),
                        "iteration " + iter + ": a range failed on a worker but the call returned normally");
            } catch (IllegalStateException e) {
                org.junit.jupiter.api.Assertions.assertTrue(ranOnWorker.get() && e.getMessage().startsWith("worker "),
                        "iteration " + iter + ": " + e);
                thrown++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(thrown > 0 || Gemm.maxThreads() == 1,
                "the workers never ran a range in 2,000 loops");
    }

    @Test
    void aLoopInsideARangeRunsOnThatThread() {
        AtomicIntegerArray seen = new AtomicIntegerArray(1);
        WorkerParallelism.INSTANCE.forRanges(8, 1, (from, to) ->
                WorkerParallelism.INSTANCE.forRanges(100, 10, (f, t) -> seen.addAndGet(0, t - f)));
        assertEquals(800, seen.get(0));
    }

    /**
     * Jobs of different part counts back to back (the optimizer's 8 ranges, a multiply's 2 parts, 1 part): a
     * worker still finishing the previous job must never claim a part of the next. It once did (it read the next
     * job's part count with the previous job's claim counter), ran a range twice and left the caller waiting
     * forever; this hung within seconds.
     */
    @Test
    void jobsOfDifferentSizesBackToBackRunEachPartOnce() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            int[] counts = new int[8];
            float[] a = new float[128 * 128];
            float[] c = new float[128 * 128];
            for (int iter = 0; iter < 200_000; iter++) {
                java.util.Arrays.fill(counts, 0);
                int parts = 2 + iter % 7;
                WorkerParallelism.INSTANCE.forRanges(parts * 16, 16, (from, to) -> {
                    synchronized (counts) {
                        counts[from / 16]++;
                    }
                });
                for (int i = 0; i < parts; i++) {
                    assertEquals(1, counts[i], "iteration " + iter + ": range " + i + " of " + parts);
                }
                if (iter % 3 == 0) {
                    // A multiply big enough to be split in two parts.
                    Gemm.sgemm(false, false, 128, 128, 128, 1f, a, 0, 128, a, 0, 128, 0f, c, 0, 128);
                }
            }
        });
    }

    @Test
    void badChunkIsRejected() {
        assertThrows(org.nnj.api.ShapeException.class, () -> WorkerParallelism.INSTANCE.forRanges(10, 0, (f, t) -> { }));
    }
}
