package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library modules on the module path, as a user's modular application meets them (the other tests run on the
 * class path). Every library module this app is built from, the test kit, the example plugin jar when it is built,
 * and everything they need at run time (Guice, Jackson, protobuf, ... as Maven resolves them:
 * target/module-path/*.txt) go on {@code --module-path}; a user's module ({@code src/test/module-path/app}) is
 * compiled against them and run in a JVM of its own with {@code --add-modules ALL-MODULE-PATH}, so every module must
 * resolve. It trains the Iris spec (specs/iris.json) through the public API, saves, reloads and exports the model,
 * and reports what the module system says; a second module that imports a kernel package must not compile.
 * Run with and without {@code jdk.incubator.vector} (the scalar loops must work when it is absent). About 15
 * seconds.
 */
class ModulePathTest {
    private static final Path SOURCES = Path.of("src/test/module-path");
    private static final Path LISTS = Path.of("target/module-path");
    private static final Path PLUGIN_EXAMPLE = Path.of("..", "nn-plugin-example", "target", "classes");
    /** Every library module (nn-api's ModuleLayoutTest: the jar modules but nn-spark and the apps). */
    private static final Set<String> LIBRARIES = Set.of("org.nnj.api", "org.nnj.core", "org.nnj.activations",
            "org.nnj.losses", "org.nnj.optimizers", "org.nnj.initializers", "org.nnj.layers", "org.nnj.data",
            "org.nnj.io", "org.nnj.report", "org.nnj.onnx", "org.nnj.blas", "org.nnj.testkit");

    @TempDir
    static Path work;
    private static String modulePath;
    private static Path app;

    @BeforeAll
    static void compileTheUsersModule() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String list : List.of("runtime.txt", "testkit.txt")) {
            Path file = LISTS.resolve(list);
            assertTrue(Files.isRegularFile(file), file.toAbsolutePath() + " is missing: maven-dependency-plugin's "
                    + "build-classpath writes it (generate-test-resources); run the test through Maven");
            for (String e : Files.readString(file).strip().split(File.pathSeparator)) {
                if (!e.isEmpty() && !entries.contains(e)) {
                    entries.add(e);
                }
            }
        }
        if (Files.isDirectory(PLUGIN_EXAMPLE.resolve("org"))) {
            entries.add(PLUGIN_EXAMPLE.toAbsolutePath().normalize().toString());
        }
        modulePath = String.join(File.pathSeparator, entries);
        app = work.resolve("app");
        List<String> errors = new ArrayList<>();
        assertTrue(javac(SOURCES.resolve("app"), app, errors), "the user's module does not compile against the "
                + "module path:\n" + String.join("\n", errors));
    }

    @Test
    void everyLibraryIsANamedModuleExportingItsApiOnly() {
        Map<String, ModuleDescriptor> found = new LinkedHashMap<>();
        for (ModuleReference ref : ModuleFinder.of(Arrays.stream(modulePath.split(File.pathSeparator))
                .map(Path::of).toArray(Path[]::new)).findAll()) {
            found.put(ref.descriptor().name(), ref.descriptor());
        }
        for (String name : LIBRARIES) {
            ModuleDescriptor d = found.get(name);
            assertNotNull(d, name + " is not on the module path " + modulePath);
            assertFalse(d.isAutomatic(), name + " is an automatic module (no module-info.class in "
                    + "the jar on the module path: built by this reactor?)");
            for (ModuleDescriptor.Exports e : d.exports()) {
                assertFalse(e.source().contains(".internal") && !e.isQualified(),
                        name + " exports its internal package " + e.source() + " to everyone");
            }
        }
        assertEquals(Set.of("org.nnj.core", "org.nnj.core.registry", "org.nnj.core.trace"),
                found.get("org.nnj.core").exports().stream().filter(e -> !e.isQualified())
                        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }

    @Test
    void aUsersModuleTrainsIrisThroughThePublicApi() throws Exception {
        Map<String, String> facts = run(true);
        assertEquals("true", facts.get("vector"), "jdk.incubator.vector added: the Vector API loops run");
        assertTrained(facts);
    }

    @Test
    void withoutTheVectorApiTheScalarLoopsRun() throws Exception {
        Map<String, String> facts = run(false);
        assertEquals("false", facts.get("vector"), "no jdk.incubator.vector in the boot layer: scalar loops");
        assertTrained(facts);
    }

    @Test
    void aModuleCannotCompileAgainstAKernelPackage() throws IOException {
        List<String> errors = new ArrayList<>();
        assertFalse(javac(SOURCES.resolve("sneaky"), work.resolve("sneaky"), errors),
                "a module importing org.nnj.core.internal.gemm compiled: nn-core exports its kernels");
        String all = String.join("\n", errors);
        assertTrue(all.contains("org.nnj.core.internal.gemm") && all.contains("does not export"),
                "expected javac to say org.nnj.core does not export org.nnj.core.internal.gemm, said:\n" + all);
    }

    private static void assertTrained(Map<String, String> facts) {
        assertEquals("100", facts.get("epochs"), "specs/iris.json trains 100 epochs");
        double accuracy = Double.parseDouble(facts.get("test.accuracy"));
        assertTrue(accuracy >= 0.9, "Iris test accuracy " + accuracy + ", expected at least 0.9");
        assertEquals(0.0, Double.parseDouble(facts.get("reloaded.maxdiff")), "the saved model predicts the same");
        assertTrue(Double.parseDouble(facts.get("onnx.maxdiff")) < 1e-5, "ONNX round trip: " + facts.get("onnx.maxdiff"));
        // plugins found through the modules' provides clauses (the module path ignores META-INF/services there)
        assertTrue(names(facts, "plugins.activation").containsAll(Set.of("relu", "sigmoid", "softmax", "tanh")),
                facts.get("plugins.activation"));
        assertTrue(names(facts, "plugins.loss").containsAll(Set.of("mse", "categorical_crossentropy")),
                facts.get("plugins.loss"));
        assertTrue(names(facts, "plugins.layer").containsAll(Set.of("dense", "conv2d", "dropout")),
                facts.get("plugins.layer"));
        assertTrue(names(facts, "plugins.optimizer").containsAll(Set.of("sgd", "adam")), facts.get("plugins.optimizer"));
        assertTrue(names(facts, "plugins.initializer").contains("xavier_uniform"), facts.get("plugins.initializer"));
        assertTrue(names(facts, "plugins.schedule").contains("cosine"), facts.get("plugins.schedule"));
        assertEquals(Set.of("cpu", "openblas"), names(facts, "plugins.backend"));
        if (Files.isDirectory(PLUGIN_EXAMPLE.resolve("org"))) {
            assertTrue(names(facts, "plugins.layer").contains("scale_shift"), "the example plugin module's "
                    + "provides: " + facts.get("plugins.layer"));
        }
        assertEquals(names(facts, "plugins.activation").size(), Integer.parseInt(facts.get("guice.activations")),
                "Guice binds every activation");
        assertEquals("org.nnj.core", facts.get("module.Network"));
        assertEquals("org.nnj.io", facts.get("module.ModelFile"));
        assertEquals("org.nnj.onnx", facts.get("module.OnnxExport"));
        assertEquals("org.nnj.api", facts.get("module.Mat"));
        assertEquals("org.nnj.data", facts.get("module.Scaler"));
        for (String pkg : List.of("org.nnj.core", "org.nnj.core.registry", "org.nnj.core.trace")) {
            assertEquals("true", facts.get("exported." + pkg), pkg);
        }
        for (String pkg : List.of("org.nnj.core.cpu", "org.nnj.core.internal.gemm", "org.nnj.core.internal.simd",
                "org.nnj.core.internal.threads")) {
            assertEquals("false", facts.get("exported." + pkg), pkg + " must not be exported");
        }
        assertEquals("false,to-onnx=true", facts.get("exported.org.nnj.io.internal"));
        assertEquals("refused", facts.get("reflect.internal"), "reflection into a kernel package");
        Set<String> resolved = facts.keySet().stream().filter(k -> k.startsWith("layer."))
                .map(k -> k.substring("layer.".length())).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(resolved.containsAll(LIBRARIES), "resolved " + resolved + ", expected every library " + LIBRARIES);
    }

    private static Set<String> names(Map<String, String> facts, String key) {
        String v = facts.get(key);
        assertNotNull(v, key + " missing from the child's output " + facts);
        return v.isEmpty() ? Set.of() : new TreeSet<>(List.of(v.split(",")));
    }

    /** Runs the user's module in a JVM of its own; its {@code key=value} lines. */
    private static Map<String, String> run(boolean vector) throws Exception {
        Path out = Files.createTempDirectory(work, vector ? "vector" : "scalar");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC"));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            cmd.add("-Dlogback.configurationFile=" + logback);
        }
        cmd.addAll(List.of("--module-path", app + File.pathSeparator + modulePath,
                "--add-modules", vector ? "ALL-MODULE-PATH,jdk.incubator.vector" : "ALL-MODULE-PATH",
                "-m", "nnj.modcheck/org.nnj.modcheck.Main",
                Path.of("..", "specs", "iris.json").toString(),
                Path.of("src", "main", "resources", "datasets", "iris.csv").toString(), out.toString()));
        Path log = out.resolve("output.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the module-path JVM did not finish in 120 s");
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), "the module-path JVM failed:\n" + String.join(" ", cmd) + "\n" + text);
        Map<String, String> facts = new LinkedHashMap<>();
        try (Stream<String> lines = text.lines()) {
            lines.filter(l -> l.matches("[\\w.-]+=.*")).forEach(l -> {
                int eq = l.indexOf('=');
                facts.put(l.substring(0, eq), l.substring(eq + 1));
            });
        }
        return facts;
    }

    /** Compiles the module whose sources are under {@code src} against the module path; false with its errors. */
    private static boolean javac(Path src, Path out, List<String> errors) throws IOException {
        // an empty class path: in this JVM javac would otherwise take the test's class path, where every package
        // of every module is visible
        Path none = Files.createDirectories(work.resolve("empty-class-path"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "--module-path", modulePath,
                "--class-path", none.toString(),
                "-d", out.toString(), "-Xlint:none", "-implicit:none"));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "this JVM has no compiler (a JRE, not a JDK?)");
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        boolean ok = javac.run(null, messages, messages, args.toArray(String[]::new)) == 0;
        if (!ok) {
            errors.add(messages.toString(StandardCharsets.UTF_8));
        }
        return ok;
    }
}
