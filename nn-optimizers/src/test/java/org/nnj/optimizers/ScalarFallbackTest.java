package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.simd.VectorApi;
import org.nnj.testkit.Mats;
import org.nnj.testkit.WithoutVectorApi;
import org.nnj.api.spi.Updater;

/**
 * Where the Vector API is absent (a JVM started without {@code --add-modules jdk.incubator.vector}) Adam loads,
 * runs its scalar loop and gives the bits the vector loop gives here: a child JVM without the module runs
 * {@link #main} ({@link WithoutVectorApi}) and prints what {@link #adamBits} prints in this one.
 */
class ScalarFallbackTest {

    @Test
    void withoutTheIncubatorModuleAdamRunsItsScalarLoopWithTheSameBits() throws Exception {
        assertTrue(VectorApi.usable(), "this JVM runs the vector loop, the child the scalar one");
        assertEquals(adamBits(), WithoutVectorApi.run(ScalarFallbackTest.class));
    }

    /** The child JVM: fails unless the Vector API is absent, then prints {@link #adamBits}. */
    public static void main(String[] args) {
        WithoutVectorApi.requireAbsent();
        System.out.println(adamBits());
    }

    /** Four plain Adam steps through the public API in each precision, as hashes of the weights' and state's bits. */
    static String adamBits() {
        StringBuilder sb = new StringBuilder();
        for (Precision p : Precision.values()) {
            int n = 4099;
            Updater u = new Adam().newUpdater(n, p);
            Mat w = Mat.zeros(p, 1, n);
            Mat g = Mat.zeros(p, 1, n);
            SplittableRandom r = new SplittableRandom(9);
            for (int i = 0; i < n; i++) {
                w.setFlat(i, r.nextGaussian());
            }
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < n; i++) {
                    g.setFlat(i, r.nextGaussian() * Math.pow(10, r.nextInt(-6, 2)));
                }
                u.update(w, g, 1e-3);
            }
            sb.append(p).append(' ').append(Mats.bitHash(w));
            u.state().forEach(s -> sb.append(' ').append(s.name()).append('=').append(Mats.bitHash(s.value())));
            sb.append(';');
        }
        return sb.toString();
    }
}
