package org.nnj.core.math;

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

    @Test
    void aLoopInsideARangeRunsOnThatThread() {
        AtomicIntegerArray seen = new AtomicIntegerArray(1);
        WorkerParallelism.INSTANCE.forRanges(8, 1, (from, to) ->
                WorkerParallelism.INSTANCE.forRanges(100, 10, (f, t) -> seen.addAndGet(0, t - f)));
        assertEquals(800, seen.get(0));
    }

    @Test
    void badChunkIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> WorkerParallelism.INSTANCE.forRanges(10, 0, (f, t) -> { }));
    }
}
