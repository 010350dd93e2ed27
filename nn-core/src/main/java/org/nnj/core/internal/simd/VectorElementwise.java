package org.nnj.core.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Elementwise helpers on the Vector API; only loaded when {@link Simd#ENABLED}. */
final class VectorElementwise implements Finite.Impl {
    private static final VectorSpecies<Float> F = org.nnj.api.simd.Lanes.FLOAT;
    private static final VectorSpecies<Double> D = org.nnj.api.simd.Lanes.DOUBLE;

    private VectorElementwise() {
    }

    static Finite.Impl create() {
        return new VectorElementwise();
    }

    @Override
    public boolean all(float[] a, int off, int len) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector s0 = zero;
        FloatVector s1 = zero;
        FloatVector s2 = zero;
        FloatVector s3 = zero;
        int i = off;
        int end = off + len;
        for (; i + 32 <= end; i += 32) {
            s0 = FloatVector.fromArray(F, a, i).fma(zero, s0);
            s1 = FloatVector.fromArray(F, a, i + 8).fma(zero, s1);
            s2 = FloatVector.fromArray(F, a, i + 16).fma(zero, s2);
            s3 = FloatVector.fromArray(F, a, i + 24).fma(zero, s3);
        }
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        return s == 0f && Finite.scalar(a, i, end) == 0f;
    }

    @Override
    public boolean all(double[] a, int off, int len) {
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector s0 = zero;
        DoubleVector s1 = zero;
        DoubleVector s2 = zero;
        DoubleVector s3 = zero;
        int i = off;
        int end = off + len;
        for (; i + 16 <= end; i += 16) {
            s0 = DoubleVector.fromArray(D, a, i).fma(zero, s0);
            s1 = DoubleVector.fromArray(D, a, i + 4).fma(zero, s1);
            s2 = DoubleVector.fromArray(D, a, i + 8).fma(zero, s2);
            s3 = DoubleVector.fromArray(D, a, i + 12).fma(zero, s3);
        }
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        return s == 0d && Finite.scalar(a, i, end) == 0d;
    }
}
