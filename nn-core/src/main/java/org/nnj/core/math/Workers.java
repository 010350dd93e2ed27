package org.nnj.core.math;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A tiny fork/join for the kernels: the calling thread runs part 0 of a job and up to {@code threads - 1}
 * daemon workers run the others; then the caller waits for them. Nothing is allocated per job (the job object
 * is reused), and nobody busy-waits for long: a worker that finds no work spins for at most
 * {@code nnj.spinMicros} microseconds (default 50, so that the back-to-back multiplies of one training step
 * do not each pay a wake-up) and then parks until the next job. After training ends the workers are parked
 * within that time and cost nothing.
 *
 * <p>Settings (system properties, read once): {@code nnj.threads} (default: available processors),
 * {@code nnj.spinMicros} (default 50; 0 parks at once). When another thread is already using the workers the
 * caller simply runs all parts itself: results never depend on who computes a part.
 */
final class Workers {
    /** A job split into parts; part {@code i} is run exactly once, by some thread, with that thread's workspace. */
    interface Job {
        void run(int part, Workspace ws);
    }

    private static final long SPIN_NANOS = Math.max(0L, Long.getLong("nnj.spinMicros", 50L)) * 1000L;
    private static volatile int maxThreads = Math.max(1,
            Integer.getInteger("nnj.threads", Runtime.getRuntime().availableProcessors()));
    private static volatile Workers pool;

    private final Worker[] workers;
    private final AtomicBoolean inUse = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread waiter;

    private Workers(int count) {
        workers = new Worker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new Worker(this, i + 1);
            workers[i].start();
        }
    }

    static int maxThreads() {
        return maxThreads;
    }

    /** Sets how many threads (caller included) a multiply may use; 1 disables the workers. */
    static void setMaxThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        maxThreads = threads;
    }

    /** Runs parts {@code 0 .. parts-1} of {@code job}, in parallel when workers are free. */
    static void run(Job job, int parts, Workspace callerWs) {
        if (parts <= 1) {
            job.run(0, callerWs);
            return;
        }
        Workers p = pool(parts - 1);
        if (p.workers.length < parts - 1 || !p.inUse.compareAndSet(false, true)) {
            for (int i = 0; i < parts; i++) {
                job.run(i, callerWs);
            }
            return;
        }
        try {
            p.fork(job, parts, callerWs);
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
                    // Workers of an older, smaller pool stay parked forever; this only happens when the
                    // thread count is raised at run time, which tests and benchmarks do once.
                    p = new Workers(Math.max(needed, maxThreads - 1));
                    pool = p;
                }
            }
        }
        return p;
    }

    private void fork(Job job, int parts, Workspace callerWs) {
        pending.set(parts - 1);
        waiter = Thread.currentThread();
        for (int i = 1; i < parts; i++) {
            workers[i - 1].submit(job);
        }
        Throwable failure = null;
        try {
            job.run(0, callerWs);
        } catch (Throwable t) {
            failure = t;
        }
        long start = 0L;
        while (pending.get() != 0) {
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
        for (int i = 1; i < parts; i++) {
            Throwable t = workers[i - 1].takeFailure();
            if (t != null && failure == null) {
                failure = t;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    private static final class Worker extends Thread {
        private final Workers owner;
        private final int part;
        private final Workspace ws = new Workspace();
        private volatile Job job;
        private Throwable failure;

        Worker(Workers owner, int part) {
            super("nnj-gemm-" + part);
            this.owner = owner;
            this.part = part;
            setDaemon(true);
        }

        void submit(Job j) {
            job = j;
            LockSupport.unpark(this);
        }

        Throwable takeFailure() {
            Throwable t = failure;
            failure = null;
            return t;
        }

        @Override
        public void run() {
            while (true) {
                Job j = job;
                long start = System.nanoTime();
                while (j == null) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(owner);
                    }
                    j = job;
                }
                job = null;
                try {
                    j.run(part, ws);
                } catch (Throwable t) {
                    failure = t;
                }
                owner.done();
            }
        }
    }
}
