package org.nnj.api.spi;

import org.apiguardian.api.API;

/**
 * Runs the ranges of an element-wise loop, possibly several at once on different threads. The framework hands
 * its own implementation to plugins that can use it (an {@link Optimizer}'s updater, through
 * {@link Optimizer#newUpdater(int, org.nnj.api.Precision, Parallelism)}): it runs the ranges on the threads that
 * compute the matrix products, which are still awake when the update starts, so a plugin needs no thread pool
 * of its own.
 *
 * <p>A loop run this way must give the same results whichever thread runs which range and in which order:
 * each range touches only its own elements.
 */
@FunctionalInterface
@API(status = API.Status.STABLE)
public interface Parallelism {
    /** The body of a loop: processes elements {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Runs everything on the calling thread, in one range. */
    Parallelism SERIAL = (n, chunk, body) -> {
        if (n > 0) {
            body.run(0, n);
        }
    };

    /**
     * Calls {@code body.run(from, to)} for disjoint ranges that together cover {@code [0, n)}, each at most
     * {@code chunk} long and starting at a multiple of {@code chunk}, on any threads and in any order, and
     * returns when all have run. An exception thrown by the body is rethrown here (after the other ranges).
     */
    void forRanges(int n, int chunk, Range body);
}
