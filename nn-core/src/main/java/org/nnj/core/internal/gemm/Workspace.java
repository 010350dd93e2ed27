package org.nnj.core.internal.gemm;

/**
 * Per-thread reusable state of the multiply: each precision's scratch arrays and the job a calling thread hands to
 * the workers. Grows to the largest product seen and is then reused, so steady-state calls allocate nothing.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    final F32Scratch f32 = new F32Scratch();
    final F64Scratch f64 = new F64Scratch();
    final F32Job f32Job = new F32Job();
    final F64Job f64Job = new F64Job();

    static Workspace local() {
        return LOCAL.get();
    }
}
