package org.nnj.optimizers;

/** Plain float32 Adam on a slice of a parameter vector (the state arrays indexed like the parameters). */
public final class AdamSlice {
    private AdamSlice() {
    }

    public static void adam(float[] w, float[] g, float[] m, float[] v, int from, int len, float step, float bc2) {
        AdamUpdater.Simd.adam(w, from, g, from, m, v, from, len, 0.9f, 0.999f, 0.1f, 0.001f, step, bc2, 1e-8f);
    }
}
