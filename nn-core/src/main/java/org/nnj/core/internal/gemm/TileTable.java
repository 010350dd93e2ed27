package org.nnj.core.internal.gemm;

import java.util.Locale;
import org.nnj.api.simd.VectorApi;
import org.slf4j.LoggerFactory;

/**
 * The register tile of the large products on this machine, looked up once at start-up in a small table keyed by
 * what the JVM reports: the vector width it chose ({@link org.nnj.api.simd.Lanes}), the number of vector registers
 * its JIT allocates (32 with AVX-512's EVEX encoding, which the JVM uses exactly when its vectors are 512 bits
 * wide on x86, and on 64-bit ARM; 16 otherwise on x86), and, as one key among these, the JDK's feature version
 * (JDK 25's C2 allocates registers differently from 17's). Logged once, at INFO.
 *
 * <table>
 *   <caption>The table (rows of the tile for large products; the columns are always two vectors, 2L)</caption>
 *   <tr><th>vector registers</th><th>JDK</th><th>rows</th><th>why (docs/performance.md)</th></tr>
 *   <tr><td>16</td><td>up to 24</td><td>6</td><td>12 accumulators + 2 B vectors + 1 broadcast fill 15 of 16</td></tr>
 *   <tr><td>16</td><td>25 and later</td><td>4</td><td>JDK 25's C2 spills the 6-row tile (41 against 88 GFLOPS)</td></tr>
 *   <tr><td>32</td><td>any</td><td>8</td><td>16 accumulators; measured against 6 rows at 512 bits</td></tr>
 * </table>
 *
 * <p>The tile never changes a result (each element is the same chain of FMAs in every tile).
 */
final class TileTable {
    private static volatile TileTable machine;

    private final int vectorBits;
    private final int registers;
    private final int jdk;
    private final int largeRows;

    TileTable(int vectorBits, int registers, int jdk) {
        this.vectorBits = vectorBits;
        this.registers = registers;
        this.jdk = jdk;
        this.largeRows = largeRows(vectorBits, registers, jdk);
    }

    /** The table's row for this JVM (looked up and logged on first use). */
    static TileTable machine() {
        TileTable t = machine;
        if (t == null) {
            synchronized (TileTable.class) {
                t = machine;
                if (t == null) {
                    int bits = VectorApi.usable() ? VectorApi.bits() : 0;
                    t = new TileTable(bits, registers(bits, System.getProperty("os.arch", "")),
                            Runtime.version().feature());
                    LoggerFactory.getLogger(TileTable.class).info("matrix kernels: {}", t.describe());
                    machine = t;
                }
            }
        }
        return t;
    }

    /**
     * The vector registers the JIT can allocate: 32 on 64-bit ARM (NEON, SVE) and on x86 when the vectors are
     * 512 bits (the JVM then uses AVX-512's EVEX encoding, which also gives it xmm16-31); 16 otherwise (AVX2, or
     * AVX-512 hardware with the JVM limited to AVX2 by {@code -XX:UseAVX=2}, and, erring low, an AVX-512 machine
     * run with {@code -XX:MaxVectorSize=32}).
     */
    static int registers(int vectorBits, String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return 32;
        }
        return vectorBits >= 512 ? 32 : 16;
    }

    /** The table: rows of the large products' tile for a JVM with these vectors, registers and JDK. */
    static int largeRows(int vectorBits, int registers, int jdk) {
        if (registers >= 32) {
            return 8;
        }
        return jdk >= 25 ? 4 : 6;
    }

    int largeRows() {
        return largeRows;
    }

    int vectorBits() {
        return vectorBits;
    }

    static String scalarDescription() {
        return "no Vector API: plain-Java 4 x 4 tiles";
    }

    /** "512-bit vectors (16 floats), 32 vector registers, JDK 17: large products on the 8 x 32 tile". */
    String describe() {
        if (vectorBits == 0) {
            return scalarDescription();
        }
        int lanes = vectorBits / 32;
        return vectorBits + "-bit vectors (" + lanes + " floats), " + registers + " vector registers, JDK " + jdk
                + ": large products on the " + largeRows + " x " + 2 * lanes + " float32 tile";
    }
}
