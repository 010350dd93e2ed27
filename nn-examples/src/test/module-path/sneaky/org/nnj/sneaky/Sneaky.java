package org.nnj.sneaky;

import org.nnj.core.internal.gemm.Gemm;

public final class Sneaky {
    public static int threads() {
        return Gemm.maxThreads();
    }
}
