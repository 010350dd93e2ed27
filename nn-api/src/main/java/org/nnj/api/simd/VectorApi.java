package org.nnj.api.simd;

import org.apiguardian.api.API;

/** Whether this JVM can run the Vector API loops of {@link Lanes}; safe to call without the incubator module. */
@API(status = API.Status.EXPERIMENTAL)
public final class VectorApi {
    private static final boolean USABLE = detect();

    private VectorApi() {
    }

    /**
     * Whether Vector API loops pay off in this JVM: the {@code jdk.incubator.vector} module is in the boot layer
     * (the JVM was started with {@code --add-modules jdk.incubator.vector}) and the machine's preferred vectors
     * ({@link Lanes}) are at least 128 bits wide (two doubles).
     */
    public static boolean usable() {
        return USABLE;
    }

    /**
     * Whether loops that compare and blend double vectors (masks) pay off: {@link #usable()} and vectors of at
     * least 256 bits. At 128 bits (two doubles: {@code -XX:MaxVectorSize=16}, or a 128-bit machine) C2 compiles
     * a mask of two doubles to no vector instruction on JDK 17 nor 25 (x86, measured): every compare and blend
     * allocates objects, about 230 bytes per vector of two values, where loads, adds and FMAs of the same
     * vectors allocate nothing. Such float64 loops take their scalar path there (nn-core's
     * SteadyStateAllocationTest runs at 128 bits too).
     */
    public static boolean doubleMasksUsable() {
        return USABLE && Probe.laneBits() >= 256;
    }

    /** The bit size of {@link Lanes}' vectors (128, 256 or 512), 0 when the Vector API is not {@link #usable()}. */
    public static int bits() {
        return USABLE ? Probe.laneBits() : 0;
    }

    private static boolean detect() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return Probe.laneBits() >= Lanes.MIN_BITS;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Mentions the Vector API only once the module is known to be present. */
    private static final class Probe {
        static int laneBits() {
            return Lanes.FLOAT.vectorBitSize();
        }
    }
}
