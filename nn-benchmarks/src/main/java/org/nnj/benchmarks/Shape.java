package org.nnj.benchmarks;

/**
 * One matrix product of the MLP 784-256-128-10 workload (weights stored [out x in], inputs [batch x in]),
 * as {@code C(m x n) = op(A)(m x k) * op(B)(k x n)}.
 */
enum Shape {
    /** Forward, layer 1: Z = X * W^T. */
    FWD1(false, true, -1, 256, 784),
    FWD2(false, true, -1, 128, 256),
    FWD3(false, true, -1, 10, 128),
    /** Weight gradient, layer 1: dW = dZ^T * X. */
    WGRAD1(true, false, 256, 784, -1),
    WGRAD2(true, false, 128, 256, -1),
    WGRAD3(true, false, 10, 128, -1),
    /** Input gradient, layer 2: dX = dZ * W. */
    XGRAD2(false, false, -1, 256, 128),
    XGRAD3(false, false, -1, 128, 10);

    final boolean transA;
    final boolean transB;
    private final int m;
    private final int n;
    private final int k;

    Shape(boolean transA, boolean transB, int m, int n, int k) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
    }

    /** -1 in the table stands for the batch size. */
    int m(int batch) {
        return m < 0 ? batch : m;
    }

    int n(int batch) {
        return n < 0 ? batch : n;
    }

    int k(int batch) {
        return k < 0 ? batch : k;
    }

    /** Floating-point operations of one product: one multiply and one add per term. */
    double flops(int batch) {
        return 2.0 * m(batch) * n(batch) * k(batch);
    }
}
