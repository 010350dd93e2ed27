package org.nnj.core.internal.threads;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A tiny fork/join for the kernels. The calling thread publishes a job of {@code parts} parts and wakes up to
 * {@code parts - 1} daemon workers; then every participant, the caller included, claims parts one at a time
 * until none is left, and the caller waits only for parts a worker has already started. So a worker that is
 * slow to wake (the machine is busy with other processes) costs nothing: the caller simply does its parts.
 *
 * <p>Nothing is allocated per job (the job object is reused) and nobody busy-waits for long: an idle worker
 * spins for at most 50 microseconds (so that the back-to-back multiplies of one
 * training step do not each pay a wake-up) and then parks until the next job. After training ends the
 * workers are parked within that time and cost nothing.
 *
 * <p>The number of threads is {@code -Dnnj.threads} (default: all available processors; a Spark executor sets it
 * to its task's cores), or what {@link #setMaxThreads} (the benchmarks' and {@code ./nn bench}'s
 * {@code --threads}) says. It is the one system property of the kernels, and it changes no result: parts never
 * cut k, and a part's result does not depend on the thread that computes it. When another thread is already
 * using the workers the caller runs all parts itself.
 */
@API(status = API.Status.INTERNAL)
public final class Workers {
    /** A job split into parts; part {@code i} is run exactly once, by some thread. */
    public interface Job {
        void run(int part);
    }

    private static final long SPIN_NANOS = 50_000L;
    private static volatile int maxThreads = Math.max(1,
            Integer.getInteger("nnj.threads", Runtime.getRuntime().availableProcessors()));
    private static volatile Workers pool;

    private final Worker[] workers;
    private final AtomicBoolean inUse = new AtomicBoolean();
    /** Epoch in the high 32 bits, next unclaimed part in the low 32 bits. */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger unfinished = new AtomicInteger();
    /** The first exception of the current job's parts, whichever thread ran it. */
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    /**
     * The current job and its part count. Volatile, and written only after {@link #claims} carries the new
     * epoch: a worker that reads them has to see the new epoch in {@code claims} too, so it cannot claim a part
     * of the new job under the previous epoch's counter (which once ran a part twice and left the caller waiting
     * forever for a count that had gone below zero).
     */
    private volatile Job job;
    private volatile int parts;
    private volatile int epoch;
    private volatile Thread waiter;

    private Workers(int count) {
        workers = new Worker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new Worker(this, i + 1);
            workers[i].start();
        }
    }

    public static int maxThreads() {
        return maxThreads;
    }

    /** Sets how many threads (caller included) a multiply may use; 1 disables the workers. */
    public static void setMaxThreads(int threads) {
        if (threads < 1) {
            throw new ConfigException("threads", "must be at least 1, got " + threads);
        }
        maxThreads = threads;
    }

    /**
     * Runs parts {@code 0 .. parts-1} of {@code job}, in parallel when workers are free. There may be more parts
     * than threads (at most {@link #maxThreads()} run at once, each claiming parts until none is left).
     */
    public static void run(Job job, int parts) {
        int helpers = Math.min(parts, maxThreads) - 1;
        if (parts <= 1 || helpers < 1) {
            for (int i = 0; i < parts; i++) {
                job.run(i);
            }
            return;
        }
        Workers p = pool(helpers);
        if (!p.inUse.compareAndSet(false, true)) {
            for (int i = 0; i < parts; i++) {
                job.run(i);
            }
            return;
        }
        try {
            p.fork(job, parts, helpers);
        } finally {
            p.inUse.set(false);
        }
    }

    private static Workers pool(int needed) {
        Workers p = pool;
        if (p == null || p.workers.length < needed) {
            synchronized (Workers.class) {
                p = pool;
                if (p == null || p.workers.length < needed) {
                    // Workers of an older, smaller pool stay parked; this only happens when the thread count is
                    // raised at run time, which tests and benchmarks do once.
                    p = new Workers(Math.max(needed, maxThreads - 1));
                    pool = p;
                }
            }
        }
        return p;
    }

    private void fork(Job j, int n, int helpers) {
        int e = epoch + 1;
        // First retire the previous epoch's counter: a late worker's claim on it now fails.
        claims.set((long) e << 32);
        unfinished.set(n);
        job = j;
        parts = n;
        waiter = Thread.currentThread();
        epoch = e;
        for (int i = 0; i < helpers; i++) {
            LockSupport.unpark(workers[i]);
        }
        work(e, j, n);
        long start = 0L;
        while (unfinished.get() != 0) {
            if (start == 0L) {
                start = System.nanoTime();
            }
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        waiter = null;
        job = null;
        // Recorded before the failing part's count went down, so it is visible now.
        Throwable failure = firstFailure.getAndSet(null);
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Claims and runs parts of epoch {@code e} until none is left. A part's exception is recorded in
     * {@link #firstFailure} before the part counts as finished, so the caller, which waits for the count, sees it.
     */
    private void work(int e, Job j, int n) {
        while (true) {
            long c = claims.get();
            if ((int) (c >>> 32) != e || (int) c >= n) {
                return;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                j.run((int) c);
            } catch (Throwable t) {
                firstFailure.compareAndSet(null, t);
            }
            if (unfinished.decrementAndGet() == 0) {
                Thread w = waiter;
                if (w != null && w != Thread.currentThread()) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    private static final class Worker extends Thread {
        private final Workers owner;

        Worker(Workers owner, int index) {
            super("nnj-gemm-" + index);
            this.owner = owner;
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = owner.epoch;
            while (true) {
                long start = System.nanoTime();
                int e;
                while ((e = owner.epoch) == seen) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(owner);
                    }
                }
                seen = e;
                Job j = owner.job;
                int n = owner.parts;
                if (j != null) {
                    owner.work(e, j, n);
                }
            }
        }
    }
}
