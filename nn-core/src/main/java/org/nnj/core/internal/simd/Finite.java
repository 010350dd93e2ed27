package org.nnj.core.internal.simd;

/**
 * Whether arrays hold only finite values (no NaN, no infinity), at memory speed: on the Vector API when
 * {@link Gemm#simd()}, else in plain Java with independent accumulators. Used by the trainer's check of every
 * gradient before each optimizer step. The test is {@code sum(x * 0)}: zero for finite {@code x}, NaN for NaN
 * or infinite {@code x}, and unlike a plain sum it cannot overflow.
 */
public final class Finite {
    private Finite() {
    }

    /** Whether {@code a[off .. off+len)} are all finite. */
    public static boolean all(float[] a, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, a.length);
        return Simd.ENABLED ? Impl.VECTOR.all(a, off, len) : scalar(a, off, off + len) == 0f;
    }

    /** Whether {@code a[off .. off+len)} are all finite. */
    public static boolean all(double[] a, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, a.length);
        return Simd.ENABLED ? Impl.VECTOR.all(a, off, len) : scalar(a, off, off + len) == 0d;
    }

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

    static double scalar(double[] a, int i, int end) {
        double s0 = 0d;
        double s1 = 0d;
        double s2 = 0d;
        double s3 = 0d;
        for (; i + 4 <= end; i += 4) {
            s0 += a[i] * 0d;
            s1 += a[i + 1] * 0d;
            s2 += a[i + 2] * 0d;
            s3 += a[i + 3] * 0d;
        }
        for (; i < end; i++) {
            s0 += a[i] * 0d;
        }
        return s0 + s1 + s2 + s3;
    }

    /** The implementation interface, so that the Vector API class loads only when enabled. */
    interface Impl {
        boolean all(float[] a, int off, int len);

        boolean all(double[] a, int off, int len);

        Impl VECTOR = Simd.ENABLED ? VectorElementwise.create() : null;
    }
}
