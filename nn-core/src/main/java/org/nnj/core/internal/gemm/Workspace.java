package org.nnj.core.internal.gemm;

/**
 * Per-thread scratch memory of the kernels: packed panels of op(A) and op(B), a spilled register tile and a
 * gathered vector. Grows on demand and is then reused, so steady-state calls allocate nothing. Each worker
 * thread owns one; calling threads get theirs from a {@link ThreadLocal}.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    float[] packA32 = new float[0];
    float[] packB32 = new float[0];
    /** op(A) packed once for all the parts of a multiply split by columns ({@link Gemm}); read by every part. */
    float[] sharedA32 = new float[0];
    final float[] tile32 = new float[256];
    float[] vec32 = new float[0];
    double[] packA64 = new double[0];
    double[] packB64 = new double[0];
    final double[] tile64 = new double[256];
    double[] vec64 = new double[0];
    /** The job this thread hands to the workers; only used by the thread that owns this workspace. */
    final GemmJob job = new GemmJob();
    /** The element-wise loop this thread hands to the workers ({@link WorkerParallelism}). */

    static Workspace local() {
        return LOCAL.get();
    }

    float[] packA32(int size) {
        if (packA32.length < size) {
            packA32 = new float[size];
        }
        return packA32;
    }

    float[] sharedA32(int size) {
        if (sharedA32.length < size) {
            sharedA32 = new float[size];
        }
        return sharedA32;
    }

    float[] packB32(int size) {
        if (packB32.length < size) {
            packB32 = new float[size];
        }
        return packB32;
    }

    float[] vec32(int size) {
        if (vec32.length < size) {
            vec32 = new float[size];
        }
        return vec32;
    }

    double[] packA64(int size) {
        if (packA64.length < size) {
            packA64 = new double[size];
        }
        return packA64;
    }

    double[] packB64(int size) {
        if (packB64.length < size) {
            packB64 = new double[size];
        }
        return packB64;
    }

    double[] vec64(int size) {
        if (vec64.length < size) {
            vec64 = new double[size];
        }
        return vec64;
    }
}
