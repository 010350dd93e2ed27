package org.nnj.initializers;

import java.util.random.RandomGenerator;

// @twin
/**
 * {@link Fill}'s loops on float32 arrays; {@code F64Fill}, their float64 twin, is generated from this file at
 * build time (tools/codegen/Twins.java). One draw per element in order, computed in double and rounded once.
 */
final class F32Fill {
    private F32Fill() {
    }

    /** {@code a[o + i] = low + width * random.nextDouble()}, the {@code i}-th draw. */
    static void uniform(float[] a, int o, int n, double low, double width, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            a[o + i] = (float) (low + width * random.nextDouble());
        }
    }

    /** {@code a[o + i] = mean + std * random.nextGaussian()}, the {@code i}-th draw. */
    static void normal(float[] a, int o, int n, double mean, double std, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            a[o + i] = (float) (mean + std * random.nextGaussian());
        }
    }
}
