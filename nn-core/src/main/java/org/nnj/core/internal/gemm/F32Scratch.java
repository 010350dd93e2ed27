package org.nnj.core.internal.gemm;

// @twin
/**
 * One thread's float32 scratch arrays for the multiply: packed panels, the tile buffer, a gathered vector. They
 * grow to the largest size asked for and are reused, so steady-state calls allocate nothing.
 */
final class F32Scratch {
    private float[] packA = new float[0];
    private float[] packB = new float[0];
    private float[] sharedA = new float[0];
    private float[] vec = new float[0];
    /** The tile buffer: one register tile, or a chunk of a matrix-vector product's outputs. */
    final float[] tile = new float[256];

    float[] packA(int size) {
        if (packA.length < size) {
            packA = new float[size];
        }
        return packA;
    }

    float[] packB(int size) {
        if (packB.length < size) {
            packB = new float[size];
        }
        return packB;
    }

    float[] sharedA(int size) {
        if (sharedA.length < size) {
            sharedA = new float[size];
        }
        return sharedA;
    }

    float[] vec(int size) {
        if (vec.length < size) {
            vec = new float[size];
        }
        return vec;
    }
}
