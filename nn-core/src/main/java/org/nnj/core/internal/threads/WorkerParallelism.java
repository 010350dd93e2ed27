package org.nnj.core.internal.threads;

import org.apiguardian.api.API;
import org.nnj.api.ShapeException;
import org.nnj.api.spi.Parallelism;

/**
 * The {@link Parallelism} the trainer hands to optimizers: the ranges are claimed one at a time by the calling
 * thread and the matrix-multiply workers ({@link Workers}), which are still spinning when an update follows
 * the backward pass, so none has to be woken. Nothing is allocated per call. With one thread
 * ({@link Workers#setMaxThreads}, 1) everything runs on the caller.
 */
@API(status = API.Status.INTERNAL)
public final class WorkerParallelism implements Parallelism {
    /** The shared instance. */
    public static final WorkerParallelism INSTANCE = new WorkerParallelism();
    /** Each calling thread's reused job, so that a loop allocates nothing. */
    private static final ThreadLocal<RangeJob> JOBS = ThreadLocal.withInitial(RangeJob::new);

    private WorkerParallelism() {
    }

    @Override
    public void forRanges(int n, int chunk, Range body) {
        if (n <= 0) {
            return;
        }
        if (chunk < 1) {
            throw new ShapeException("forRanges: chunk must be >= 1, got " + chunk);
        }
        int parts = (int) ((n + (long) chunk - 1) / chunk);
        if (parts == 1) {
            body.run(0, n);
            return;
        }
        RangeJob job = JOBS.get();
        if (job.body != null) {
            // Called from inside a range of this thread's own loop: run the inner loop here.
            for (int i = 0; i < parts; i++) {
                body.run(i * chunk, (int) Math.min(n, (long) (i + 1) * chunk));
            }
            return;
        }
        job.n = n;
        job.chunk = chunk;
        job.body = body;
        try {
            Workers.run(job, parts);
        } finally {
            job.body = null;
        }
    }

    @Override
    public String toString() {
        return "matrix-multiply workers (" + Workers.maxThreads() + " threads)";
    }

    /** One loop handed to the workers; part i is range i. Reused per calling thread. */
    private static final class RangeJob implements Workers.Job {
        int n;
        int chunk;
        Range body;

        @Override
        public void run(int part) {
            body.run(part * chunk, (int) Math.min(n, (long) (part + 1) * chunk));
        }
    }
}
