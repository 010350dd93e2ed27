package org.nnj.data;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014) with its whole state in one {@code long}, and the Fisher-Yates
 * shuffle built on it. Fixed here rather than taken from the JDK so that shuffles and splits repeat bit for
 * bit on every JDK. Internal; not thread-safe.
 */
final class SplitMix64 {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** The SplitMix64 output function (a bijective 64-bit mixer). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in {@code [0, bound)}, unbiased (rejection on the top 31 bits, as {@code java.util.Random}). */
    int nextInt(int bound) {
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
    void shuffle(int[] a, int from, int to) {
        for (int i = to - 1; i > from; i--) {
            int j = from + nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
