package org.nnj.core.internal.simd;

// @twin
/** {@link Finite} for float32 arrays: the plain-Java loop, and the dispatch to the Vector API one. */
final class F32Finite {
    private F32Finite() {
    }

    static boolean all(float[] a, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, a.length);
        return Simd.ENABLED ? F32VectorFinite.all(a, off, len) : scalar(a, off, off + len) == 0f;
    }

    /** {@code sum(a[i] * 0)} over {@code [i, end)} with four independent accumulators. */
    static float scalar(float[] a, int i, int end) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        for (; i + 4 <= end; i += 4) {
            s0 += a[i] * 0f;
            s1 += a[i + 1] * 0f;
            s2 += a[i + 2] * 0f;
            s3 += a[i + 3] * 0f;
        }
        for (; i < end; i++) {
            s0 += a[i] * 0f;
        }
        return s0 + s1 + s2 + s3;
    }
}
