package org.nnj.core.internal.simd;

/**
 * Decides once whether the kernels use the JDK's Vector API. They do when the {@code jdk.incubator.vector}
 * module is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}), the
 * machine's vectors are as wide as {@link org.nnj.api.simd.Lanes}, and {@code -Dnnj.simd=false} was not given.
 * Classes that mention the Vector API ({@link F32VectorKernel}, {@link F64VectorKernel}) are only loaded when
 * this says yes.
 */
public final class Simd {
    /** Whether the Vector API kernels are used by default. */
    public static final boolean ENABLED = detect();

    /** What {@link #detect} logs once, at INFO: which kernels run, and if they are the slow ones, why. */
    static String description(boolean disabledByProperty, boolean moduleLoaded, boolean usable) {
        if (disabledByProperty) {
            return "matrix kernels: scalar Java (-Dnnj.simd=false)";
        }
        if (usable) {
            return "matrix kernels: Vector API (jdk.incubator.vector)";
        }
        return moduleLoaded ? "matrix kernels: scalar Java (this CPU's vectors are narrower than the kernels')"
                : "matrix kernels: scalar Java, several times slower; start the JVM with --add-modules "
                + "jdk.incubator.vector for the Vector API kernels";
    }

    private Simd() {
    }

    private static boolean detect() {
        boolean off = "false".equalsIgnoreCase(System.getProperty("nnj.simd", "true"));
        boolean usable = !off && available();
        org.slf4j.LoggerFactory.getLogger(Simd.class).info(description(off,
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), usable));
        return usable;
    }

    /** Whether the Vector API classes can be used at all in this JVM (ignores {@code nnj.simd}). */
    public static boolean available() {
        return org.nnj.api.simd.VectorApi.usable();
    }
}
