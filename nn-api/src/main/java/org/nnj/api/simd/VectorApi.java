package org.nnj.api.simd;

import org.apiguardian.api.API;

/** Whether this JVM can run the Vector API loops of {@link Lanes}; safe to call without the incubator module. */
@API(status = API.Status.INTERNAL)
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
