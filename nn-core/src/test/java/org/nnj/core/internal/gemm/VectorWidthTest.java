package org.nnj.core.internal.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnj.api.simd.VectorApi;

/**
 * The vector width and the register tile come from the machine. nn-core's build runs the kernel tests again with
 * {@code -XX:MaxVectorSize=16} and {@code =32} and without the Vector API module, each run naming the width it
 * asked for in {@code nnj.test.vectorBits}; this checks that the run really got it (so that the other tests of
 * this package ran at 4, 8 and the machine's lanes, and on the plain-Java kernels).
 */
class VectorWidthTest {
    @Test
    void theKernelsRunAtTheWidthThisTestRunAskedFor() {
        String asked = System.getProperty("nnj.test.vectorBits");
        int bits = VectorApi.bits();
        if (asked == null) {
            // the default run: the JVM's preferred vectors, 128 to 512 bits, or none without the module
            assertTrue(bits == 0 || bits == 128 || bits == 256 || bits == 512, "vector bits " + bits);
            return;
        }
        int want = Integer.parseInt(asked);
        if (want == 0) {
            assertFalse(VectorApi.usable(), "run without the Vector API module");
            assertFalse(Gemm.simd(), "the default configuration falls back to the plain-Java kernels");
            assertEquals(4, Gemm.defaults().f32.kernel(128, 128, 128).nr);
            return;
        }
        // MaxVectorSize caps the width; a machine with narrower vectors (128-bit NEON) stays narrower
        assertTrue(bits >= 128 && bits <= want, "asked for " + want + "-bit vectors, got " + bits);
        if (want == 128) {
            assertEquals(128, bits);
        }
        assertEquals(2 * bits / 32, F32VectorKernel.create(4).nr, "float32 panels are two vectors wide");
        assertEquals(2 * bits / 64, F64VectorKernel.create(4).nr, "float64 panels are two vectors wide");
    }

    @Test
    void theTileTableKeysOnRegistersAndTheJitNotOnTheJdkAlone() {
        assertEquals(32, TileTable.registers(512, "amd64"), "AVX-512: EVEX gives 32 registers");
        assertEquals(16, TileTable.registers(256, "amd64"), "AVX2, or AVX-512 hardware under -XX:UseAVX=2");
        assertEquals(32, TileTable.registers(128, "aarch64"), "ARM: 32 registers at any width");
        for (int bytes : new int[] {Float.BYTES, Double.BYTES}) {
            assertEquals(8, TileTable.largeRows(512, 32, 17, bytes));
            assertEquals(8, TileTable.largeRows(512, 32, 25, bytes));
            assertEquals(8, TileTable.largeRows(128, 32, 17, bytes));
            assertEquals(4, TileTable.largeRows(256, 16, 25, bytes),
                    "JDK 25's C2 spills the 6-row tile on 16 registers");
        }
        assertEquals(6, TileTable.largeRows(256, 16, 17, Float.BYTES));
        assertEquals(4, TileTable.largeRows(256, 16, 17, Double.BYTES), "JDK 17's float64 6-row tile compiles slow");
        String line = new TileTable(512, 32, 17).describe(Float.BYTES);
        assertTrue(line.contains("512-bit vectors (16 floats)") && line.contains("8 x 32 float32 tile"), line);
        String avx2 = new TileTable(256, 16, 17).describe(0);
        assertTrue(avx2.endsWith("6 x 16 float32 tile and the 4 x 8 float64 tile"), avx2);
        assertTrue(new TileTable(256, 16, 17).describe(Double.BYTES)
                .endsWith(": large products on the 4 x 8 float64 tile"));
        assertTrue(new TileTable(0, 16, 17).describe(Float.BYTES).contains("plain-Java"));
        for (int bytes : new int[] {Float.BYTES, Double.BYTES}) {
            assertEquals(TileTable.machine().largeRows(bytes), KernelConfig.DEFAULT.largeTileRows(bytes),
                    "the default configuration takes the table's tile");
        }
    }
}
