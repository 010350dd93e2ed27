package org.nnj.core.math;

/**
 * Decides once whether the kernels use the JDK's Vector API. They do when the {@code jdk.incubator.vector}
 * module is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}), the
 * machine's vectors are as wide as {@link org.nnj.api.simd.Lanes}, and {@code -Dnnj.simd=false} was not given.
 * Classes that mention the Vector API ({@link F32VectorKernel}, {@link F64VectorKernel}) are only loaded when
 * this says yes.
 */
final class Simd {
    /** Whether the Vector API kernels are used by default. */
    static final boolean ENABLED = detect();

    private Simd() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("nnj.simd", "true"))) {
            return false;
        }
        return available();
    }

    /** Whether the Vector API classes can be used at all in this JVM (ignores {@code nnj.simd}). */
    static boolean available() {
        return org.nnj.api.simd.VectorApi.usable();
    }
}
