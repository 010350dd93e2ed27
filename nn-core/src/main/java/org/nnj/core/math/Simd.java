package org.nnj.core.math;

/**
 * Decides once whether the kernels use the JDK's Vector API. They do when the {@code jdk.incubator.vector}
 * module is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}), the
 * machine offers 256-bit vectors, and {@code -Dnnj.simd=false} was not given. Classes that mention the Vector
 * API ({@link F32VectorKernel}, {@link F64VectorKernel}) are only loaded when this says yes.
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
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorProbe.preferredBits() >= 256;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Whether the Vector API classes can be used at all in this JVM (ignores {@code nnj.simd}). */
    static boolean available() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorProbe.preferredBits() >= 256;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
