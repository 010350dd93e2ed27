package org.nnj.core.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which kernels run is said once, and the slow case says how to get the fast one. */
class SimdTest {
    @Test
    void theLoggedLineSaysWhichKernelsRunAndHowToGetTheVectorOnes() {
        assertEquals("matrix kernels: Vector API (jdk.incubator.vector)", Simd.description(true, true));
        assertTrue(Simd.description(false, false).contains("scalar Java")
                && Simd.description(false, false).contains("--add-modules jdk.incubator.vector"));
        assertTrue(Simd.description(true, false).contains("narrower"));
        // the build's tests run with the module (surefire's argLine), and no property turns the vector kernels off
        assertEquals(Simd.available(), Simd.ENABLED);
    }
}
