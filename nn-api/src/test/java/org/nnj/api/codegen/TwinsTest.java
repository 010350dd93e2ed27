package org.nnj.api.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float64 twin generator ({@code tools/codegen/Twins.java}) as the build runs it: a template with every rule
 * and directive gives the committed expected twin, a twin whose template is gone is deleted, and a broken
 * directive fails naming the file and line.
 */
class TwinsTest {
    private static final Path GENERATOR = Path.of("../tools/codegen/Twins.java").toAbsolutePath().normalize();
    private static final Path FIXTURES = Path.of("src/test/resources/twins").toAbsolutePath();

    @Test
    void everyRuleAndDirectiveGivesTheExpectedTwin(@TempDir Path out) throws Exception {
        Result r = run(FIXTURES.resolve("in"), out);
        assertEquals(0, r.exit, r.output);
        assertEquals(Files.readString(FIXTURES.resolve("expected/p/F64Sample.java")),
                Files.readString(out.resolve("p/F64Sample.java")));
    }

    @Test
    void aTwinWhoseTemplateIsGoneIsDeleted(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path stale = Files.createDirectories(dir.resolve("out/q")).resolve("F64Gone.java");
        Files.writeString(stale, "class F64Gone {}");
        Result r = run(in, dir.resolve("out"));
        assertEquals(0, r.exit, r.output);
        assertFalse(Files.exists(stale));
    }

    @Test
    void anUnclosedBlockFailsNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("F32Broken.java"),
                String.join("\n", List.of("// @twin", "class F32Broken {", "    // @f32-only-begin", "}")));
        Result r = run(in, dir.resolve("out"));
        assertTrue(r.exit != 0, "exit code");
        assertTrue(r.output.contains("F32Broken.java:3: // @f32-only-begin is never closed"), r.output);
    }

    @Test
    void anUnknownDirectiveFailsNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("F32Typo.java"),
                String.join("\n", List.of("// @twin", "class F32Typo {", "    int x; // @f64 int y;", "}")));
        Result r = run(in, dir.resolve("out"));
        assertTrue(r.exit != 0, "exit code");
        assertTrue(r.output.contains("F32Typo.java:3: unknown directive"), r.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path in, Path out) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), GENERATOR.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "generator did not finish");
        return new Result(p.exitValue(), output);
    }
}
