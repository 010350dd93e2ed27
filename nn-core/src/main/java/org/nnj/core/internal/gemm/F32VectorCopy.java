package org.nnj.core.internal.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

// @twin
/**
 * Copies of two-vector row pieces with vector loads and stores, for {@link F32Pack}'s non-transposed op(B)
 * panels. {@code System.arraycopy} of 16 floats costs a call and a length dispatch per row piece: packing the
 * 128 x 128 input of a weight gradient took 4.7 us that way, 1.4 us this way (128 x 784: 31 -> 14 us; one
 * thread, JDK 17). Only loaded when {@link org.nnj.core.internal.simd.Simd} found the incubator module.
 */
final class F32VectorCopy {
    private static final VectorSpecies<Float> S = org.nnj.api.simd.Lanes.FLOAT;
    private static final int L = S.length();

    private F32VectorCopy() {
    }

    /** {@code dst[d + 2L*p + j] = src[s + p*ld + j]} for p < rows, j < 2L (L the lanes of a vector). */
    static void rows(float[] src, int s, int ld, int rows, float[] dst, int d) {
        for (int p = 0; p < rows; p++, s += ld, d += 2 * L) {
            FloatVector.fromArray(S, src, s).intoArray(dst, d);
            FloatVector.fromArray(S, src, s + L).intoArray(dst, d + L);
        }
    }
}
