package org.nnj.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The FMA loop of {@link MachinePeak}; loaded only when the Vector API is present. */
final class VectorPeakLoop {
    private static final VectorSpecies<Float> S = org.nnj.api.simd.Lanes.FLOAT;
    private static final int BLOCK = 1 << 16;
    /** Keeps the result alive so the loop cannot be removed. */
    static volatile float sink;

    private VectorPeakLoop() {
    }

    /** Runs the loop for about {@code nanos} (after a warm-up of the same length) and returns this thread's GFLOPS. */
    static double run(long nanos) {
        loop(nanos);
        return loop(nanos);
    }

    private static double loop(long nanos) {
        long begin = System.nanoTime();
        long flops = 0;
        long elapsed;
        float acc = 0f;
        do {
            acc += block(BLOCK, acc);
            flops += (long) BLOCK * 12 * 2 * S.length();
            elapsed = System.nanoTime() - begin;
        } while (elapsed < nanos);
        sink = acc;
        return flops / (double) elapsed;
    }

    /** Twelve independent FMA chains (as many as a 6 x 2L register tile), {@code n} steps each. */
    private static float block(int n, float seed) {
        FloatVector a = FloatVector.broadcast(S, 1e-3f + seed * 1e-9f);
        FloatVector b = FloatVector.broadcast(S, 0.999f);
        FloatVector c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a;
        FloatVector c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < n; i++) {
            c0 = c0.fma(b, a);
            c1 = c1.fma(b, a);
            c2 = c2.fma(b, a);
            c3 = c3.fma(b, a);
            c4 = c4.fma(b, a);
            c5 = c5.fma(b, a);
            c6 = c6.fma(b, a);
            c7 = c7.fma(b, a);
            c8 = c8.fma(b, a);
            c9 = c9.fma(b, a);
            c10 = c10.fma(b, a);
            c11 = c11.fma(b, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).lane(0);
    }
}
