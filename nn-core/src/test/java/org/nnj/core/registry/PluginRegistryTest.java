package org.nnj.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginException;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.fixtures.Doubler;

class PluginRegistryTest {

    @TempDir
    Path dir;

    /**
     * The test class loader with only nn-core's own plugins visible (its test fixtures and the cpu backend): the
     * real plugin modules, on the test class path for the network's and trainer's tests, stay out of the
     * registry's world here.
     */
    static ClassLoader fixturesOnly() {
        List<String> roots = List.of(location(PluginRegistry.class), location(PluginRegistryTest.class));
        return new ClassLoader(PluginRegistryTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                Enumeration<URL> all = super.getResources(name);
                if (!name.startsWith("META-INF/services/")) {
                    return all;
                }
                List<URL> kept = new ArrayList<>();
                for (URL u : Collections.list(all)) {
                    if (roots.stream().anyMatch(r -> u.toString().startsWith(r))) {
                        kept.add(u);
                    }
                }
                return Collections.enumeration(kept);
            }
        };
    }

    private static String location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().toString();
    }

    /** A loader that sees the fixtures plus a services file listing {@code classes} for Activation. */
    private ClassLoader withActivations(String... classes) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(Activation.class.getName()), String.join("\n", classes) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, fixturesOnly());
    }

    @Test
    void discoversPluginsListedInServiceFilesAndNamesTheirSource() {
        PluginRegistry registry = PluginRegistry.discover(fixturesOnly());
        PluginInfo info = registry.info(PluginKind.ACTIVATION, "doubler", "");
        assertInstanceOf(Doubler.class, info.plugin());
        assertTrue(info.source().contains("test-classes"), info.source());
        assertInstanceOf(Doubler.class, registry.get(PluginKind.ACTIVATION, "twice"), "aliases resolve too");
        assertInstanceOf(Doubler.class, registry.get(PluginKind.ACTIVATION, "DOUBLER"), "look-up ignores case");
    }

    @Test
    void duplicateNameFailsNamingBothClassesAndWhereTheyCameFrom() throws IOException {
        ClassLoader loader = withActivations("org.nnj.core.fixtures.OtherDoubler");
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistry.discover(loader));
        assertTrue(e.getMessage().startsWith("duplicate activation name \"doubler\": claimed by "), e.getMessage());
        assertTrue(e.getMessage().contains("org.nnj.core.fixtures.Doubler (from "), e.getMessage());
        assertTrue(e.getMessage().contains("org.nnj.core.fixtures.OtherDoubler (from "), e.getMessage());
        assertTrue(e.getMessage().contains("test-classes"), e.getMessage());
    }

    @Test
    void providerThatThrowsFailsNamingTheClassAndTheCause() throws IOException {
        ClassLoader loader = withActivations("org.nnj.core.fixtures.Exploding");
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistry.discover(loader));
        assertTrue(e.getMessage().contains("org.nnj.core.fixtures.Exploding"), e.getMessage());
        assertTrue(e.getMessage().contains("could not be created"), e.getMessage());
        assertTrue(e.getMessage().contains("license file missing"), e.getMessage());
    }

    @Test
    void listedClassThatDoesNotExistFailsNamingTheServiceFile() throws IOException {
        ClassLoader loader = withActivations("com.example.NoSuchActivation");
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistry.discover(loader));
        assertTrue(e.getMessage().contains("META-INF/services/org.nnj.api.spi.Activation"), e.getMessage());
        assertTrue(e.getMessage().contains("com.example.NoSuchActivation"), e.getMessage());
    }

    @Test
    void aPluginJarCompiledForANewerJavaNamesTheJarAndBothVersions() throws IOException {
        Path jar = dir.resolve("future.jar");
        int major = Runtime.version().feature() + 44 + 8;
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry("META-INF/services/" + Activation.class.getName()));
            out.write("com.example.Future\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new java.util.zip.ZipEntry("com/example/Future.class"));
            out.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, (byte) (major >> 8),
                (byte) major, 0, 10});
        }
        ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, fixturesOnly());
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistry.discover(loader));
        int runs = Runtime.version().feature();
        assertEquals("the activation plugin com.example.Future in " + jar + " is compiled for Java " + (major - 44)
                + " (class file version " + major + "); this JVM is Java " + runs + " (class file versions up to "
                + (runs + 44) + "): rebuild the plugin with --release " + runs + " or run on Java " + (major - 44)
                + " or newer", e.getMessage());
    }

    @Test
    void upperCaseNameIsRefused() throws IOException {
        ClassLoader loader = withActivations("org.nnj.core.fixtures.Shouting");
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistry.discover(loader));
        assertTrue(e.getMessage().contains("has the name \"ReLU\"; names must be lowercase"), e.getMessage());
    }

    @Test
    void unknownNameListsTheKnownNamesOfThatKind() {
        PluginRegistry registry = PluginRegistry.discover(fixturesOnly());
        ConfigException e = assertThrows(ConfigException.class,
                () -> registry.create(PluginKind.ACTIVATION, PluginRef.of("rleu"), "layers[2].activation"));
        assertEquals("layers[2].activation: unknown activation \"rleu\"; known: doubler, test_logistic", e.getMessage());
        ConfigException none = assertThrows(ConfigException.class,
                () -> registry.create(PluginKind.SCHEDULE, PluginRef.of("cosine"), "training.schedule"));
        assertEquals("training.schedule: unknown schedule \"cosine\"; known: none installed", none.getMessage());
    }

    @Test
    void parametersAreValidatedAgainstThePluginsDeclaration() {
        PluginRegistry registry = PluginRegistry.discover(fixturesOnly());
        ConfigException e = assertThrows(ConfigException.class, () -> registry.create(PluginKind.ACTIVATION,
                PluginRef.of("doubler", Map.of("beta", 2)), "layers[0].activation"));
        assertEquals("layers[0].activation.beta: unknown parameter \"beta\"; this plugin takes no parameters",
                e.getMessage());
    }

    @Test
    void guiceModuleBindsEveryPluginIntoAMapBinderKeyedByName() {
        PluginRegistry registry = PluginRegistry.discover(fixturesOnly());
        Injector injector = Guice.createInjector(new PluginModule(registry));
        Map<String, Activation> activations = injector.getInstance(Key.get(new TypeLiteral<Map<String, Activation>>() {
        }));
        assertEquals(java.util.Set.of("doubler", "test_logistic"), activations.keySet());
        assertInstanceOf(Doubler.class, activations.get("doubler"));
        assertEquals(registry, injector.getInstance(PluginRegistry.class));
    }
}
