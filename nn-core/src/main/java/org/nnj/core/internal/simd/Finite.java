package org.nnj.core.internal.simd;

import org.apiguardian.api.API;

/**
 * Whether arrays hold only finite values (no NaN, no infinity), at memory speed: on the Vector API when
 * {@link Simd#ENABLED}, else in plain Java with independent accumulators. Used by the trainer's check of every
 * gradient before each optimizer step. The test is {@code sum(x * 0)}: zero for finite {@code x}, NaN for NaN
 * or infinite {@code x}, and unlike a plain sum it cannot overflow.
 */
@API(status = API.Status.INTERNAL)
public final class Finite {
    private Finite() {
    }

    /** Whether {@code a[off .. off+len)} are all finite. */
    public static boolean all(float[] a, int off, int len) {
        return F32Finite.all(a, off, len);
    }

    /** Whether {@code a[off .. off+len)} are all finite. */
    public static boolean all(double[] a, int off, int len) {
        return F64Finite.all(a, off, len);
    }
}
