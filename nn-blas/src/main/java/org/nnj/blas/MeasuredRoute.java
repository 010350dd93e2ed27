package org.nnj.blas;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code measured} route: for each product signature (precision, op(A), op(B), m, n, k) the first calls go
 * to the native library and to the built-in kernels, each call computed once, by one of the two. First, untimed,
 * {@value #NATIVE_WARMUP} native calls (the library's first touch) and {@code warmup} built-in calls (the JIT
 * compiling the built-in kernels' code for the shape: on a cold JVM their first 20-150 calls, depending on the
 * shape, ran 2 to 1,000 times slower than later ones); then the two in turn, {@code timed} calls of each timed
 * ({@link System#nanoTime} around the whole product, its split across threads and the bias included). The route
 * with the smaller median takes that signature for the rest of the process (a tie goes to the built-in kernels),
 * and one INFO line says so.
 *
 * <p>The signatures live in an open-addressed table of {@value #SLOTS} slots, at most {@value #CAPACITY} of them:
 * looking one up allocates nothing and takes no lock (a volatile read per probe); the calibration's bookkeeping
 * locks the signature, never the product. Once the table is full, new signatures get {@code null} from
 * {@link #find} (the caller applies its static rule) and that is logged once.
 */
final class MeasuredRoute {
    private static final Logger LOG = LoggerFactory.getLogger(MeasuredRoute.class);
    /** Signatures measured per process; later ones take the static rule. */
    static final int CAPACITY = 256;
    /** Twice the capacity: a probe sequence stays short and always meets an empty slot. */
    private static final int SLOTS = 512;

    /** Untimed native calls per signature (fewer if {@code warmup} is smaller). */
    static final int NATIVE_WARMUP = 2;

    static final int UNDECIDED = 0;
    static final int NATIVE = 1;
    static final int BUILT_IN = 2;

    /** Untimed built-in calls per signature: the JIT compiling the built-in kernels' paths for the shape. */
    private final int warmup;
    /** Untimed native calls per signature: the library's first touch (no JIT there). */
    private final int nativeWarmup;
    private final int timed;
    private final String fallback;
    private final AtomicReferenceArray<Signature> table = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean fullLogged = new AtomicBoolean();

    /**
     * @param warmup   built-in calls not timed, at least 0; the native library gets {@value #NATIVE_WARMUP} (or
     *                 {@code warmup} if fewer)
     * @param timed    calls of each route timed, at least 1
     * @param fallback what new signatures get once the table is full, for the log line
     */
    MeasuredRoute(int warmup, int timed, String fallback) {
        if (warmup < 0 || timed < 1) {
            throw new IllegalArgumentException("warmup " + warmup + " (expected >= 0), timed " + timed
                    + " (expected >= 1)");
        }
        this.warmup = warmup;
        this.nativeWarmup = Math.min(NATIVE_WARMUP, warmup);
        this.timed = timed;
        this.fallback = fallback;
    }

    /**
     * The signature's state, created on first use, or null when the table is full and it is not in it.
     *
     * @param flags bit 0: float64, bit 1: op(A) transposed, bit 2: op(B) transposed
     */
    Signature find(int flags, int m, int n, int k) {
        int h = mix(flags, m, n, k);
        while (true) {
            for (int probe = 0, i = h; probe < SLOTS; probe++, i = (i + 1) & (SLOTS - 1)) {
                Signature s = table.get(i);
                if (s == null) {
                    if (!reserve()) {
                        if (!fullLogged.get() && !fullLogged.getAndSet(true)) {
                            LOG.info("backend openblas: {} product shapes measured, the most kept; further shapes "
                                    + "take the {} route", CAPACITY, fallback);
                        }
                        return null;
                    }
                    Signature created = new Signature(flags, m, n, k, timed);
                    if (table.compareAndSet(i, null, created)) {
                        return created;
                    }
                    size.decrementAndGet(); // another thread filled the slot first: probe again from the start
                    break;
                }
                if (s.flags == flags && s.m == m && s.n == n && s.k == k) {
                    return s;
                }
            }
        }
    }

    /** Counts one more signature, unless the table holds {@link #CAPACITY} already. */
    private boolean reserve() {
        for (int c = size.get(); c < CAPACITY; c = size.get()) {
            if (size.compareAndSet(c, c + 1)) {
                return true;
            }
        }
        return false;
    }

    /** How many signatures the table holds. */
    int size() {
        return size.get();
    }

    /**
     * Takes the next call of {@code s} while it is undecided; {@link #isNative} says which route it goes to.
     *
     * @return the ticket; {@link #record} takes it back with the call's time
     */
    int ticket(Signature s) {
        return s.tickets.getAndIncrement();
    }

    /**
     * The order of an undecided signature's calls: first {@link #nativeWarmup} calls native, then {@code warmup}
     * calls built-in, all untimed; then native and built-in in turn, timed.
     */
    boolean isNative(int ticket) {
        if (ticket < nativeWarmup) {
            return true;
        }
        if (ticket < nativeWarmup + warmup) {
            return false;
        }
        return ((ticket - nativeWarmup - warmup) & 1) == 0;
    }

    /** Records the time of the call that had {@code ticket}; decides once both routes have their timed calls. */
    void record(Signature s, int ticket, long nanos) {
        if (ticket >= 0 && ticket < nativeWarmup + warmup) {
            return;
        }
        synchronized (s) {
            if (s.decision != UNDECIDED) {
                return;
            }
            if (isNative(ticket)) {
                if (s.nativeCount < timed) {
                    s.nativeNs[s.nativeCount++] = nanos;
                }
            } else if (s.builtInCount < timed) {
                s.builtInNs[s.builtInCount++] = nanos;
            }
            if (s.nativeCount == timed && s.builtInCount == timed) {
                decide(s);
            }
        }
    }

    private void decide(Signature s) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("backend openblas: {}: native ns {}, built-in ns {} (in call order)", s,
                    Arrays.toString(s.nativeNs), Arrays.toString(s.builtInNs));
        }
        double nativeMedian = median(s.nativeNs);
        double builtInMedian = median(s.builtInNs);
        boolean nativeWins = nativeMedian < builtInMedian;
        s.nativeMedianNs = nativeMedian;
        s.builtInMedianNs = builtInMedian;
        s.decision = nativeWins ? NATIVE : BUILT_IN;
        LOG.info("backend openblas: {}: native {} ms, built-in {} ms (median of {} each) -> {}", s,
                millis(nativeMedian), millis(builtInMedian), timed, nativeWins ? "native" : "built-in");
    }

    /** Sorts {@code ns} in place. */
    private static double median(long[] ns) {
        Arrays.sort(ns);
        int h = ns.length / 2;
        return ns.length % 2 == 1 ? ns[h] : (ns[h - 1] + ns[h]) / 2.0;
    }

    /** Milliseconds with four significant digits at most, for the log line. */
    private static double millis(double nanos) {
        double ms = nanos / 1e6;
        double scale = Math.pow(10, Math.max(0, 3 - (int) Math.floor(Math.log10(Math.max(ms, 1e-6)))));
        return Math.round(ms * scale) / scale;
    }

    private static int mix(int flags, int m, int n, int k) {
        int h = flags;
        h = h * 0x9E3779B1 + m;
        h = h * 0x9E3779B1 + n;
        h = h * 0x9E3779B1 + k;
        return (h ^ (h >>> 15) ^ (h >>> 23)) & (SLOTS - 1);
    }

    /** One product signature and its calibration. */
    static final class Signature {
        final int flags;
        final int m;
        final int n;
        final int k;
        /** {@link #UNDECIDED}, {@link #NATIVE} or {@link #BUILT_IN}; written once, under the lock. */
        volatile int decision;
        private final AtomicInteger tickets = new AtomicInteger();
        private final long[] nativeNs;
        private final long[] builtInNs;
        private int nativeCount;
        private int builtInCount;
        private double nativeMedianNs;
        private double builtInMedianNs;

        private Signature(int flags, int m, int n, int k, int timed) {
            this.flags = flags;
            this.m = m;
            this.n = n;
            this.k = k;
            this.nativeNs = new long[timed];
            this.builtInNs = new long[timed];
        }

        /** The medians once decided, NaN before: {native, built-in} in nanoseconds. */
        synchronized double[] medians() {
            return decision == UNDECIDED ? new double[] {Double.NaN, Double.NaN}
                    : new double[] {nativeMedianNs, builtInMedianNs};
        }

        /** As in the log line: {@code 128 x 256 x 784 (A B^T, float32)}. */
        @Override
        public String toString() {
            return m + " x " + n + " x " + k + " (" + ((flags & 2) != 0 ? "A^T" : "A") + " "
                    + ((flags & 4) != 0 ? "B^T" : "B") + ", " + ((flags & 1) != 0 ? "float64" : "float32") + ")";
        }
    }
}
