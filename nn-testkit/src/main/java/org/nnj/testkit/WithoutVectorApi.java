package org.nnj.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.nnj.api.simd.VectorApi;

/**
 * Runs code in a JVM without the Vector API, to test a plugin's scalar fallback where it really runs: a child
 * JVM of this one's Java on this one's class path, started without {@code --add-modules jdk.incubator.vector}.
 * A test compares what the child prints with what the same code gives in the test's own JVM (vector loops on).
 *
 * <pre>{@code
 * class ScalarFallbackTest {
 *     public static void main(String[] args) { WithoutVectorApi.requireAbsent(); System.out.println(bits()); }
 *     @Test void sameBits() { assertEquals(bits(), WithoutVectorApi.run(ScalarFallbackTest.class)); }
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class WithoutVectorApi {
    private static final int EXIT_VECTOR_API_PRESENT = 3;

    private WithoutVectorApi() {
    }

    /**
     * Runs {@code mainClass}'s {@code main} in a child JVM without the Vector API and returns what it printed,
     * stripped; fails the test when it does not exit with 0 within two minutes, with its output in the message.
     */
    public static String run(Class<?> mainClass) {
        Process child = null;
        try {
            child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), mainClass.getName()).redirectErrorStream(true).start();
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError(mainClass.getName() + " did not finish in 120 s in a JVM without the "
                        + "Vector API");
            }
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (child.exitValue() != 0) {
                throw new AssertionError(mainClass.getName() + " exited with " + child.exitValue()
                        + " in a JVM without the Vector API: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("could not start a JVM for " + mainClass.getName() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + mainClass.getName(), e);
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
        }
    }

    /** For the child's {@code main}: exits with an error message unless the Vector API is absent. */
    public static void requireAbsent() {
        if (VectorApi.usable()) {
            System.out.println("the Vector API is usable in the child JVM: the scalar loops are not what run");
            System.exit(EXIT_VECTOR_API_PRESENT);
        }
    }
}
