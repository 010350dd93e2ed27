package org.nnj.optimizers;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an elementwise update loop over {@code [0, n)} on the calling thread and, when the update is large and
 * another core may be free, on one helper from the common fork/join pool at the same time: both claim chunks
 * from a shared counter, so a helper that is slow to start costs nothing (the caller simply does every chunk)
 * and the caller waits only for a chunk the helper has already started. The optimizer updates are
 * memory-bound (Adam streams seven arrays of the parameters' size), and two cores have twice the cache and
 * bandwidth. Elementwise work, so the results do not depend on who computes which chunk.
 *
 * <p>Nothing is allocated per call (the helper task is reused) and no thread spins when idle: the pool's
 * worker parks. Off below {@link #MIN_ELEMENTS} elements, when the common pool has no worker, or with
 * {@code -Dnnj.threads=1} (read at each call, so a program may set it at run time). One instance per updater;
 * not for concurrent calls.
 */
final class ParallelLoop {
    /** The loop body: processes elements {@code [from, to)}. */
    interface Body {
        void run(int from, int to);
    }

    static final int MIN_ELEMENTS = Integer.getInteger("nnj.optimizer.parallelElements", 65_536);
    private static final int CHUNKS = 8;

    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final Helper helper = new Helper();
    private volatile int epoch;
    private volatile Body body;
    private volatile int n;
    private volatile int chunk;
    private boolean submitted;

    /** The range length for a loop of {@code size} elements: about an eighth, a multiple of 64. */
    static int chunk(int size) {
        return ((size + CHUNKS - 1) / CHUNKS + 63) & ~63;
    }

    void run(Body b, int size) {
        if (size < MIN_ELEMENTS || ForkJoinPool.getCommonPoolParallelism() < 1
                || "1".equals(System.getProperty("nnj.threads"))) {
            b.run(0, size);
            return;
        }
        int e = epoch + 1;
        body = b;
        n = size;
        chunk = chunk(size);
        unfinished.set((size + chunk - 1) / chunk);
        claims.set((long) e << 32);
        epoch = e;
        if (!submitted || helper.isDone()) {
            helper.reinitialize();
            ForkJoinPool.commonPool().execute(helper);
            submitted = true;
        }
        work(e);
        long start = 0;
        while (unfinished.get() != 0) {
            if (start == 0) {
                start = System.nanoTime();
            }
            if (System.nanoTime() - start < 50_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
        body = null;
    }

    /** Claims and runs chunks of epoch {@code e} until none is left. */
    private void work(int e) {
        while (true) {
            long c = claims.get();
            int next = (int) c;
            int size = n;
            int ch = chunk;
            if ((int) (c >>> 32) != e || (long) next * ch >= size) {
                return;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                body.run(next * ch, Math.min(size, (next + 1) * ch));
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }

    /** The reusable helper task: works on whatever update is current when it starts. */
    private final class Helper extends ForkJoinTask<Void> {
        private static final long serialVersionUID = 1L;

        @Override
        public Void getRawResult() {
            return null;
        }

        @Override
        protected void setRawResult(Void value) {
        }

        @Override
        protected boolean exec() {
            work(epoch);
            return true;
        }
    }
}
