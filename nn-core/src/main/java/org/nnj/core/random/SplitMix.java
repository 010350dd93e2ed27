package org.nnj.core.random;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a fast generator whose whole state is one {@code long}, so a
 * checkpoint can save and restore it exactly. Gaussians use the Box-Muller transform on two uniform draws
 * (no cached spare), so the stream does not depend on the JDK's own {@code nextGaussian} algorithm and the same
 * seed gives the same numbers on every JDK.
 *
 * <p>Not thread-safe; give each user its own instance (see {@link #derive}).
 */
public final class SplitMix implements RandomGenerator {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
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

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
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
