package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.simd.VectorApi;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class ReluTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Relu();
    }

    @Override
    protected List<Double> edgePoints(Activation instance) {
        return List.of(0.0);
    }

    @Test
    void derivativeAtZeroIsZeroAndInitializerIsHe() {
        ElementwiseActivation relu = (ElementwiseActivation) activation();
        assertEquals(0.0, relu.derivative(0.0));
        assertEquals(1.0, relu.derivative(1e-300));
        assertEquals("he_normal", relu.defaultInitializer());
    }

    /**
     * The Vector API loops (the default where the module is present, as in these tests) against the scalar
     * definition and against the scalar loops (where it is absent), bit for bit, NaN and signed zero included.
     */
    @Test
    void vectorAndScalarLoopsMatchTheScalarDefinitionBitForBitIncludingNanAndSignedZero() {
        assertTrue(VectorApi.usable(), "tests run with --add-modules jdk.incubator.vector");
        for (Relu relu : new Relu[] {new Relu(), new Relu(true), new Relu(false)}) {
            SplittableRandom r = new SplittableRandom(3);
            for (int n : new int[] {0, 1, 7, 8, 9, 31, 33, 1000, 4099}) {
                float[] z = new float[n];
                float[] ga = new float[n];
                for (int i = 0; i < n; i++) {
                    z[i] = switch (r.nextInt(8)) {
                        case 0 -> Float.NaN;
                        case 1 -> -0f;
                        case 2 -> 0f;
                        case 3 -> Float.NEGATIVE_INFINITY;
                        case 4 -> Float.POSITIVE_INFINITY;
                        default -> (float) r.nextGaussian();
                    };
                    ga[i] = (float) r.nextGaussian();
                }
                F32Mat zm = new F32Mat(z, 0, 1, n);
                F32Mat a = new F32Mat(new float[n], 0, 1, n);
                F32Mat gz = new F32Mat(new float[n], 0, 1, n);
                relu.forward(zm, a);
                relu.backward(zm, a, new F32Mat(ga, 0, 1, n), gz);
                for (int i = 0; i < n; i++) {
                    float want = z[i] > 0 ? z[i] : 0f;
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(a.data()[i]),
                            "forward at " + z[i]);
                    float wantG = z[i] > 0 ? ga[i] : 0f;
                    assertEquals(Float.floatToRawIntBits(wantG), Float.floatToRawIntBits(gz.data()[i]),
                            "backward at " + z[i]);
                }
                double[] zd = new double[n];
                double[] gd = new double[n];
                for (int i = 0; i < n; i++) {
                    zd[i] = z[i];
                    gd[i] = ga[i];
                }
                F64Mat ad = new F64Mat(new double[n], 0, 1, n);
                F64Mat gzd = new F64Mat(new double[n], 0, 1, n);
                relu.forward(new F64Mat(zd, 0, 1, n), ad);
                relu.backward(new F64Mat(zd, 0, 1, n), ad, new F64Mat(gd, 0, 1, n), gzd);
                for (int i = 0; i < n; i++) {
                    double want = zd[i] > 0 ? zd[i] : 0.0;
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(ad.data()[i]));
                    double wantG = zd[i] > 0 ? gd[i] : 0.0;
                    assertEquals(Double.doubleToRawLongBits(wantG), Double.doubleToRawLongBits(gzd.data()[i]));
                }
            }
        }
    }
}
