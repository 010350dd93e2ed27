package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.simd.VectorApi;
import org.nnj.testkit.Mats;
import org.nnj.testkit.WithoutVectorApi;

/**
 * Where the Vector API is absent (a JVM started without {@code --add-modules jdk.incubator.vector}) relu loads,
 * runs its scalar loops and gives the bits its vector loops give here: a child JVM without the module runs
 * {@link #main} ({@link WithoutVectorApi}) and prints what {@link #reluBits} prints in this one.
 */
class ScalarFallbackTest {

    @Test
    void withoutTheIncubatorModuleReluRunsItsScalarLoopsWithTheSameBits() throws Exception {
        assertTrue(VectorApi.usable(), "this JVM runs the vector loops, the child the scalar ones");
        assertEquals(reluBits(), WithoutVectorApi.run(ScalarFallbackTest.class));
    }

    /** The child JVM: fails unless the Vector API is absent, then prints {@link #reluBits}. */
    public static void main(String[] args) {
        WithoutVectorApi.requireAbsent();
        System.out.println(reluBits());
    }

    /** Relu's forward and backward passes through the public API in each precision, as hashes of their bits. */
    static String reluBits() {
        StringBuilder sb = new StringBuilder();
        for (Precision p : Precision.values()) {
            int n = 1031;
            Mat z = Mat.zeros(p, 1, n);
            Mat g = Mat.zeros(p, 1, n);
            SplittableRandom r = new SplittableRandom(4);
            for (int i = 0; i < n; i++) {
                z.setFlat(i, switch (r.nextInt(6)) {
                    case 0 -> Double.NaN;
                    case 1 -> -0.0;
                    case 2 -> Double.NEGATIVE_INFINITY;
                    default -> r.nextGaussian();
                });
                g.setFlat(i, r.nextGaussian());
            }
            Mat a = Mat.zeros(p, 1, n);
            Mat gz = Mat.zeros(p, 1, n);
            Relu relu = new Relu();
            relu.forward(z, a);
            relu.backward(z, a, g, gz);
            sb.append(p).append(' ').append(Mats.bitHash(a)).append(' ').append(Mats.bitHash(gz)).append(';');
        }
        return sb.toString();
    }
}
