package org.nnj.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

// @twin
/** {@link F32Finite} on the Vector API; only loaded when {@link Simd#ENABLED}. */
final class F32VectorFinite {
    private static final VectorSpecies<Float> S = org.nnj.api.simd.Lanes.FLOAT;
    private static final int L = S.length();

    private F32VectorFinite() {
    }

    static boolean all(float[] a, int off, int len) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector s0 = zero;
        FloatVector s1 = zero;
        FloatVector s2 = zero;
        FloatVector s3 = zero;
        int i = off;
        int end = off + len;
        for (; i + 4 * L <= end; i += 4 * L) {
            s0 = FloatVector.fromArray(S, a, i).fma(zero, s0);
            s1 = FloatVector.fromArray(S, a, i + L).fma(zero, s1);
            s2 = FloatVector.fromArray(S, a, i + 2 * L).fma(zero, s2);
            s3 = FloatVector.fromArray(S, a, i + 3 * L).fma(zero, s3);
        }
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        return s == 0f && F32Finite.scalar(a, i, end) == 0f;
    }
}
