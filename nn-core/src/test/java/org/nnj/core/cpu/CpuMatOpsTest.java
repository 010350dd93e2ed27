package org.nnj.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.junit.jupiter.api.Test;

class CpuMatOpsTest {
    private final CpuMatOps ops = CpuMatOps.INSTANCE;

    @Test
    void gemmWithBiasAddsTheRowToEveryRow() {
        for (Precision p : Precision.values()) {
            Mat x = Mat.of(p, new double[][] {{1, 2, 3}, {4, 5, 6}});
            Mat w = Mat.of(p, new double[][] {{1, 0, 0}, {0, 1, 1}}); // [out x in]
            Mat bias = Mat.of(p, new double[][] {{10, 20}});
            Mat z = Mat.zeros(p, 2, 2);
            z.fill(Double.NaN);
            ops.gemm(false, true, 1.0, x, w, 0.0, z, bias);
            assertArrayEquals(new double[] {11, 25, 14, 31}, z.toDoubleArray(), 0.0, p.toString());
            ops.gemm(false, true, 1.0, x, w, 0.0, z);
            assertArrayEquals(new double[] {1, 5, 4, 11}, z.toDoubleArray(), 0.0, p.toString());
        }
    }

    @Test
    void mixedPrecisionsAndWrongShapesFail() {
        Mat a = new F32Mat(2, 3);
        Mat b = new F32Mat(3, 2);
        assertThrows(ShapeException.class, () -> ops.gemm(false, false, 1, a, b, 0, new F64Mat(2, 2)));
        assertThrows(ShapeException.class, () -> ops.gemm(false, false, 1, a, b, 0, new F32Mat(2, 2), new F64Mat(1, 2)));
        assertThrows(ShapeException.class, () -> ops.gemm(false, false, 1, a, b, 0, new F32Mat(2, 2), new F32Mat(1, 3)));
        assertThrows(ShapeException.class, () -> ops.gemm(false, false, 1, a, a, 0, new F32Mat(2, 2)));
    }
}
