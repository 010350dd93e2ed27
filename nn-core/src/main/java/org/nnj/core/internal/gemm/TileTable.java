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
 *   <tr><th>vector registers</th><th>JDK</th><th>precision</th><th>rows</th><th>why (docs/performance.md)</th></tr>
 *   <tr><td>16</td><td>up to 24</td><td>float32</td><td>6</td><td>12 accumulators + 2 B vectors + 1 broadcast
 *       fill 15 of 16</td></tr>
 *   <tr><td>16</td><td>up to 24</td><td>float64</td><td>4</td><td>beside the 4-row small tile, JDK 17's C2
 *       compiled the float64 6-row tile in a slow form in most processes, warm-up or not (one thread: 19,000
 *       against 36,000 samples/s); 4 rows for both products ran as fast as 6 for both</td></tr>
 *   <tr><td>16</td><td>25 and later</td><td>both</td><td>4</td><td>JDK 25's C2 spills the 6-row tile (41 against
 *       88 GFLOPS)</td></tr>
 *   <tr><td>32</td><td>any</td><td>both</td><td>8</td><td>16 accumulators; measured against 6 rows at 512
 *       bits</td></tr>
 * </table>
 *
 * <p>A wider tile than four rows is then checked once per process against the 4-row one, after its warm-up
 * ({@link F32VectorKernel#check}): C2 can compile it in a slow form that no table can foresee. The tile never
 * changes a result (each element is the same chain of FMAs in every tile).
 */
final class TileTable {
    private static volatile TileTable machine;

    private final int vectorBits;
    private final int registers;
    private final int jdk;

    TileTable(int vectorBits, int registers, int jdk) {
        this.vectorBits = vectorBits;
        this.registers = registers;
        this.jdk = jdk;
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
                    LoggerFactory.getLogger(TileTable.class).info("matrix kernels: {}", t.describe(0));
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

    /**
     * The table: rows of the large products' tile for a JVM with these vectors, registers and JDK, for elements of
     * {@code elementBytes} (4: float32, 8: float64).
     */
    static int largeRows(int vectorBits, int registers, int jdk, int elementBytes) {
        if (registers >= 32) {
            return 8;
        }
        return jdk >= 25 || elementBytes == Double.BYTES ? 4 : 6;
    }

    /** Rows of the large products' tile for elements of {@code elementBytes} (4: float32, 8: float64). */
    int largeRows(int elementBytes) {
        return largeRows(vectorBits, registers, jdk, elementBytes);
    }

    int vectorBits() {
        return vectorBits;
    }

    static String scalarDescription() {
        return "no Vector API: plain-Java 4 x 4 tiles";
    }

    /**
     * "256-bit vectors (8 floats), 16 vector registers, JDK 17: large products on the 6 x 16 float32 tile" for
     * {@code elementBytes} 4, "... on the 4 x 8 float64 tile" for 8, both tiles for 0.
     */
    String describe(int elementBytes) {
        return describe(elementBytes, 0);
    }

    /**
     * {@link #describe(int)}, saying so when the start-up check ({@link F32VectorKernel#check}) kept
     * {@code checkedRows} rows instead of the table's (0: not checked yet).
     */
    String describe(int elementBytes, int checkedRows) {
        if (vectorBits == 0) {
            return scalarDescription();
        }
        String tiles = elementBytes == 0 ? tile(Float.BYTES, 0) + " and the " + tile(Double.BYTES, 0)
                : tile(elementBytes, checkedRows);
        return vectorBits + "-bit vectors (" + vectorBits / 32 + " floats), " + registers + " vector registers, JDK "
                + jdk + ": large products on the " + tiles;
    }

    /** "6 x 16 float32 tile": rows by columns (two vectors) of the large products' tile. */
    private String tile(int elementBytes, int checkedRows) {
        int rows = largeRows(elementBytes);
        String tile = (checkedRows != 0 ? checkedRows : rows) + " x " + 2 * vectorBits / (8 * elementBytes)
                + (elementBytes == Double.BYTES ? " float64" : " float32") + " tile";
        return checkedRows == 0 || checkedRows == rows ? tile
                : tile + " (the table's " + rows + " rows ran slower in this process's start-up check)";
    }
}
