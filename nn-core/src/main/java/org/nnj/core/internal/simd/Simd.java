package org.nnj.core.internal.simd;

import org.apiguardian.api.API;

/**
 * Whether this JVM can run the kernels on the JDK's Vector API: the {@code jdk.incubator.vector} module is in the
 * boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and the machine's vectors are
 * as wide as {@link org.nnj.api.simd.Lanes}. Decided once, and said once in the log (which kernels run, and if
 * they are the slow ones, why). Classes that mention the Vector API are only loaded when this says yes. Whether a
 * multiply uses them is its configuration's choice ({@code KernelConfig.simd}, the {@code cpu} backend's
 * {@code variant=scalar}), never a system property.
 */
@API(status = API.Status.INTERNAL)
public final class Simd {
    /** Whether the Vector API kernels can run in this JVM. */
    public static final boolean ENABLED = detect();

    /** What {@link #detect} logs once, at INFO: which kernels run, and if they are the slow ones, why. */
    static String description(boolean moduleLoaded, boolean usable) {
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
        boolean usable = available();
        org.slf4j.LoggerFactory.getLogger(Simd.class).info(description(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), usable));
        return usable;
    }

    /** Whether the Vector API classes can be used at all in this JVM. */
    public static boolean available() {
        return org.nnj.api.simd.VectorApi.usable();
    }
}
