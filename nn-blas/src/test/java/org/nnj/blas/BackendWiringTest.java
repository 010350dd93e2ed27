package org.nnj.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.PluginException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.spi.Backend;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.Parallelism;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.registry.PluginRegistry;

/** How {@code Network.build} finds a backend by name and what it says when one cannot run. */
class BackendWiringTest {
    /** A backend whose start fails the way a missing native library might. */
    public static final class Failing implements Backend {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public MatOps ops(MatOps builtIn, Parallelism parallelism) {
            throw new UnsatisfiedLinkError("libnothing.so: cannot open shared object file");
        }
    }

    /** A backend that breaks its contract. */
    public static final class ReturnsNull implements Backend {
        @Override
        public String name() {
            return "returns_null";
        }

        @Override
        public MatOps ops(MatOps builtIn, Parallelism parallelism) {
            return null;
        }
    }

    private static PluginRegistry registryWithTestBackends(Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(Backend.class.getName()),
                Failing.class.getName() + "\n" + ReturnsNull.class.getName() + "\n");
        return PluginRegistry.discover(new URLClassLoader(new URL[] {dir.toUri().toURL()},
                BackendWiringTest.class.getClassLoader()));
    }

    private static Network build(PluginRegistry registry, PluginRef backend) {
        return Network.build(Nets.network(6).dense(5, "tanh").dense(2, "softmax").loss("categorical_crossentropy")
                .seed(1).spec(), registry, backend);
    }

    @Test
    void theCpuBackendIsTheDefaultBitForBit() {
        Mat x = Mat.zeros(Precision.FLOAT32, 8, 6);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, r.nextDouble(-1, 1));
        }
        Network byDefault = build(Nets.registry(), null);
        Network cpu = build(Nets.registry(), PluginRef.of("cpu"));
        assertArrayEquals(byDefault.predict(x).toDoubleArray(), cpu.predict(x).toDoubleArray());
    }

    @Test
    void anUnknownBackendIsAConfigErrorListingTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> build(Nets.registry(), PluginRef.of("cuda")));
        assertTrue(e.getMessage().contains("backend") && e.getMessage().contains("\"cuda\"")
                && e.getMessage().contains("cpu") && e.getMessage().contains("openblas"), e.getMessage());
    }

    @Test
    void aBackendThatFailsToStartIsNamedWithItsReason(@TempDir Path dir) throws Exception {
        PluginRegistry registry = registryWithTestBackends(dir);
        PluginException e = assertThrows(PluginException.class, () -> build(registry, PluginRef.of("failing")));
        assertTrue(e.getMessage().contains("backend \"failing\" (" + Failing.class.getName() + ")")
                && e.getMessage().contains("libnothing.so"), e.getMessage());
        PluginException n = assertThrows(PluginException.class, () -> build(registry, PluginRef.of("returns_null")));
        assertTrue(n.getMessage().contains("returned no MatOps"), n.getMessage());
    }

    @Test
    void badBackendParametersNameTheirPath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> build(Nets.registry(), PluginRef.of("openblas", java.util.Map.of("products", "some"))));
        assertTrue(e.getMessage().contains("backend.products") && e.getMessage().contains("\"some\"")
                && e.getMessage().contains("expected one of measured, transposed_b, all"), e.getMessage());
        assertEquals("backend.products", e.path());
    }
}
