package org.nnj.data;

import java.util.random.RandomGenerator;
import org.apiguardian.api.API;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): the one random generator of nnj (weight initialization, dropout
 * masks, data splits, the per-epoch shuffle). Its whole state is one {@code long}, so a checkpoint can save and
 * restore it exactly, and every draw is defined here rather than by the JDK, so the same seed gives the same
 * numbers on every JDK: Gaussians use the Box-Muller transform on two uniform draws (no cached spare), bounded
 * integers reject on the top 31 bits ({@link #nextInt(int)}), and {@link #shuffle} is Fisher-Yates from the
 * last element down (checked against nn-data's {@code golden/splitmix_reference.py}).
 *
 * <p>Not thread-safe; give each user its own instance (see {@link #derive}).
 */
@API(status = API.Status.STABLE)
public final class SplitMix implements RandomGenerator {
    /** The golden-ratio increment of SplitMix64's state. */
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    public SplitMix(long seed) {
        this.state = seed;
    }

    /** A seed for an independent stream, derived from {@code seed} and the purpose labels. */
    public static long derive(long seed, long... labels) {
        long s = mix(seed ^ 0x5DEECE66DL);
        for (long l : labels) {
            s = mix(s + GOLDEN * (l + 1));
        }
        return s;
    }

    /** The SplitMix64 output function (a bijective 64-bit mixer). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /**
     * Uniform in {@code [0, bound)}, unbiased: rejection on the top 31 bits of {@link #nextLong()}, as
     * {@code java.util.Random} does (not the JDK's {@code RandomGenerator} default, which may change).
     */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound: expected > 0, got " + bound);
        }
        int r = (int) (nextLong() >>> 33);
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r; u - (r = u % bound) + m < 0; u = (int) (nextLong() >>> 33)) {
            // rejected: u fell into the incomplete last block
        }
        return r;
    }

    /** Fisher-Yates: for i from {@code to-1} down to {@code from+1}, swap a[i] with a[from + nextInt(i-from+1)]. */
    public void shuffle(int[] a, int from, int to) {
        for (int i = to - 1; i > from; i--) {
            int j = from + nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Uniform in [0, 1) with 53 random bits. */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box-Muller: {@code sqrt(-2 ln u1) cos(2 pi u2)}, u1 in (0, 1]. */
    @Override
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }
}
