package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/** The README's examples stay true: its spec example is valid, and every bundled spec builds. */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theSpecExampleInTheReadmeIsValid() throws Exception {
        String readme = Files.readString(README);
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README has a JSON spec example");
        ModelSpec spec = new SpecReader(Nets.registry()).read(m.group(1), "README.md");
        Network net = Network.build(spec.network(), Nets.registry());
        assertEquals(3, net.outputSize());
    }

    @Test
    void theReadmesFirstCommandIsTheMainJobOnBundledData() throws Exception {
        String readme = Files.readString(README);
        int at = readme.indexOf("```bash\n");
        String first = readme.substring(at + 8, readme.indexOf('\n', at + 8));
        assertTrue(first.startsWith("./nn train --spec specs/digits.json --data bundled:digits"), first);
    }

    @Test
    void everyBundledSpecIsValid() throws Exception {
        SpecReader reader = new SpecReader(Nets.registry());
        try (var specs = Files.list(Path.of("..", "specs"))) {
            for (Path p : specs.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                if (p.getFileName().toString().equals("custom-plugin.json")) {
                    continue; // needs the out-of-tree plugin jar: see CustomPlugin tests
                }
                ModelSpec spec = reader.read(p);
                assertTrue(Network.build(spec.network(), Nets.registry()).parameterCount() > 0, p.toString());
            }
        }
    }

    /** The Java quick start, with its imports, compiles against the artifacts it lists and runs: trains, saves, loads. */
    @Test
    void theJavaQuickStartCompilesAndRunsAndSaves(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String readme = Files.readString(README);
        Matcher m = Pattern.compile("```java\\n(import .*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README's Java quick start is a whole class with its imports");
        Path model = dir.resolve("xor.safetensors");
        String source = m.group(1).replace("Path.of(\"xor.safetensors\")", "Path.of(\"" + model.toString()
                .replace("\\", "\\\\") + "\")");
        for (String artifact : java.util.List.of("nn-core", "nn-layers", "nn-activations", "nn-losses",
                "nn-optimizers", "nn-initializers", "nn-io", "nn-data", "--add-modules jdk.incubator.vector")) {
            assertTrue(readme.contains("`" + artifact + "`") || readme.contains(artifact), artifact);
        }
        Path src = dir.resolve("QuickStart.java");
        Files.writeString(src, source);
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(), "-cp",
                System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, diagnostics.toString());
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            java.io.PrintStream old = System.out;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                loader.loadClass("QuickStart").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } finally {
                System.setOut(old);
            }
            assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith("accuracy 1.0"), out.toString());
        }
        assertTrue(Files.isRegularFile(model), "the quick start saves its model");
    }

    /** docs/writing-a-plugin.md says how many tests an activation's contract runs: as many as the kit has. */
    @Test
    void thePluginGuideCountsTheActivationContractsTests() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "writing-a-plugin.md"));
        Path kit = Path.of("..", "nn-testkit", "src", "main", "java", "org", "nnj", "testkit");
        long tests = 0;
        for (String cls : java.util.List.of("ActivationContract.java", "PluginContract.java")) {
            tests += Pattern.compile("^\\s*@(Test|ParameterizedTest|RepeatedTest|Property)\\b", Pattern.MULTILINE)
                    .matcher(Files.readString(kit.resolve(cls))).results().count();
        }
        assertTrue(guide.contains("Tests run: " + tests + ", Failures: 0"), "the guide's mvn output shows " + tests);
        assertTrue(guide.contains("The " + tests + " tests check"), "the guide counts " + tests + " tests");
    }
}
