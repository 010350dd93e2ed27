package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingResult;
import org.nnj.core.TrainingSpec;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.Dataset;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/**
 * The out-of-tree plugins of {@code nn-plugin-example}, which this module does not depend on: loaded from that
 * module's build output through a class loader of their own, as {@code --plugin-path} would, they are listed
 * and a network naming them builds and trains; without them, building fails naming the missing plugin.
 *
 * <p>The network is {@code specs/custom-plugin.json}, read with {@link SpecReader}. Skipped when
 * {@code nn-plugin-example} has not been built (the reactor builds it before this module).
 */
class CustomPluginTest {
    private static final Path CLASSES = Path.of("..", "nn-plugin-example", "target", "classes");
    private static final Path JAR = Path.of("..", CustomPluginExample.JAR);
    private static final Path SPEC = Path.of("..", "specs", "custom-plugin.json");

    /** What specs/custom-plugin.json says, written out in Java. */
    static NetworkSpec specNetwork() {
        return new NetworkSpec(4, List.of(
                PluginRef.of("dense", Map.of("units", 16L, "activation", "swish")),
                PluginRef.of("scale_shift"),
                PluginRef.of("dense", Map.of("units", 3L, "activation", "softmax"))),
                PluginRef.of("huber", Map.of("delta", 0.25)), Precision.FLOAT32, 1);
    }

    private static PluginRegistry withPlugins() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CLASSES), "nn-plugin-example is not built (no " + CLASSES.toAbsolutePath()
                .normalize() + "); run mvn install -pl nn-plugin-example -am");
        ClassLoader loader = new URLClassLoader(new URL[] {CLASSES.toUri().toURL()}, CustomPluginTest.class.getClassLoader());
        return PluginRegistry.discover(loader);
    }

    @Test
    void withThePluginsLoadedTheyAreListedAndTheSpecBuildsAndTrains() throws Exception {
        PluginRegistry registry = withPlugins();
        assertTrue(registry.names(PluginKind.ACTIVATION).contains("swish"), registry.names(PluginKind.ACTIVATION).toString());
        assertTrue(registry.has(PluginKind.ACTIVATION, "silu"));
        assertTrue(registry.names(PluginKind.LOSS).contains("huber"));
        assertTrue(registry.names(PluginKind.LAYER).contains("scale_shift"));
        assertTrue(registry.info(PluginKind.LAYER, "scale_shift", "").source().contains("nn-plugin-example"),
                registry.info(PluginKind.LAYER, "scale_shift", "").source());
        assertEquals(List.of(), CustomPluginExample.missing(registry));

        ModelSpec spec = new SpecReader(registry).read(SPEC);
        assertEquals(specNetwork(), spec.network());
        Network net = Network.build(spec.network(), registry);
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.gamma", "layers.1.beta", "layers.2.weight",
                "layers.2.bias"), net.namedParameters().stream().map(t -> t.name()).toList());
        Dataset data = Datasets.iris(Precision.FLOAT32);
        TrainingSpec training = spec.training().withEpochs(30);
        assertEquals(PluginRef.of("adam", Map.of("lr", 0.01)), training.optimizer());
        TrainingResult r = new Trainer(net, training.options(net, registry, null, null))
                .fit(data.features(), data.targets());
        assertTrue(r.last().trainLoss() < r.epochs().get(0).trainLoss() / 5,
                "huber loss " + r.epochs().get(0).trainLoss() + " -> " + r.last().trainLoss());
    }

    @Test
    void withoutThePluginsTheSameSpecFailsNamingTheMissingOnes() {
        PluginRegistry builtIn = PluginRegistry.discover(CustomPluginTest.class.getClassLoader());
        ConfigException e = assertThrows(ConfigException.class, () -> new SpecReader(builtIn).read(SPEC));
        assertEquals("layers[0].activation", e.path());
        assertTrue(e.getMessage().startsWith("layers[0].activation: the spec needs 3 plugins that are not installed: "
                + "layers[0].activation: activation \"swish\", layers[1]: layer \"scale_shift\", loss: loss \"huber\"; "
                + "installed: activation: elu, "), e.getMessage());
        // building the network without reading a file checks the loss first
        e = assertThrows(ConfigException.class, () -> Network.build(specNetwork(), builtIn));
        assertEquals("loss: unknown loss \"huber\"; known: " + String.join(", ", builtIn.names(PluginKind.LOSS)),
                e.getMessage());
    }

    @Test
    void theExampleSaysWhichPluginsAreMissingAndHowToProvideTheJar() {
        PluginRegistry builtIn = PluginRegistry.discover(CustomPluginTest.class.getClassLoader());
        PluginException e = assertThrows(PluginException.class, () ->
                CustomPluginExample.registryWithPlugins(builtIn, Path.of("no", "such.jar"), null));
        assertEquals("example custom-plugin: missing plugins activation \"swish\", loss \"huber\", layer "
                + "\"scale_shift\"; build the jar (mvn -q install -pl nn-plugin-example -am) and run ./nn "
                + "--plugin-path nn-plugin-example/target/nn-plugin-example.jar example custom-plugin (or set "
                + "NN_PLUGIN_PATH=nn-plugin-example/target/nn-plugin-example.jar)", e.getMessage());
    }

    @Test
    void theExampleUsesTheInstalledPluginsOrFindsTheJarBesideNnJar() throws Exception {
        PluginRegistry registry = withPlugins();
        assertSame(registry, CustomPluginExample.registryWithPlugins(registry, null, null));
        assertEquals(JAR.toAbsolutePath().normalize(), CustomPluginExample.defaultJar().toAbsolutePath().normalize());
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "no " + JAR + " (mvn package -pl nn-plugin-example)");
        PluginRegistry builtIn = PluginRegistry.discover(CustomPluginTest.class.getClassLoader());
        PluginRegistry found = CustomPluginExample.registryWithPlugins(builtIn, JAR, null);
        CustomPluginExample.Outcome o = CustomPluginExample.train(found, null);
        assertEquals(45, o.test().size());
        assertTrue(o.evaluation().r2() > 0.9, "test R^2 " + o.evaluation().r2());
        assertTrue(o.evaluation().mae() < o.baselineMae() / 3, o.evaluation().mae() + " vs " + o.baselineMae());
    }
}
