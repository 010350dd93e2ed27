package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.simd.VectorApi;
import org.nnj.api.spi.Updater;

/**
 * Where the Vector API is absent (a JVM started without {@code --add-modules jdk.incubator.vector}) Adam loads,
 * runs its scalar loop and gives the bits the vector loop gives here: a child JVM without the module runs
 * {@link #main} and prints what {@link #adamBits} prints in this one.
 */
class ScalarFallbackTest {

    @Test
    void withoutTheIncubatorModuleAdamRunsItsScalarLoopWithTheSameBits() throws Exception {
        assertTrue(VectorApi.usable(), "this JVM runs the vector loop, the child the scalar one");
        String expected = adamBits();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ScalarFallbackTest.class.getName())
                .redirectErrorStream(true).start();
        try {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish in 120 s");
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, child.exitValue(), out);
            assertEquals(expected, out);
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child JVM: fails unless the Vector API is absent, then prints {@link #adamBits}. */
    public static void main(String[] args) {
        if (VectorApi.usable()) {
            System.out.println("the Vector API is usable in the child JVM: the scalar loop is not what runs");
            System.exit(3);
        }
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
            sb.append(p).append(' ').append(hash(w));
            u.state().forEach(s -> sb.append(' ').append(s.name()).append('=').append(hash(s.value())));
            sb.append(';');
        }
        return sb.toString();
    }

    private static String hash(Mat m) {
        long h = 17;
        for (int i = 0; i < m.size(); i++) {
            h = h * 31 + Double.doubleToRawLongBits(m.getFlat(i));
        }
        return Long.toHexString(h);
    }
}
