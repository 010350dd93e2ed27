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
     * are at least as wide as {@link Lanes#FLOAT} (on narrower hardware the JIT would emulate them).
     */
    public static boolean usable() {
        return USABLE;
    }

    private static boolean detect() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return Probe.preferredBits() >= Probe.laneBits();
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Mentions the Vector API only once the module is known to be present. */
    private static final class Probe {
        static int preferredBits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }

        static int laneBits() {
            return Lanes.FLOAT.vectorBitSize();
        }
    }
}
