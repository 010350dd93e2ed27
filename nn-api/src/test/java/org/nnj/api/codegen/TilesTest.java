package org.nnj.api.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register tile generator ({@code tools/codegen/Tiles.java}) as nn-core's build runs it: two row counts, one
 * plain and one with every option, give the committed expected classes in both precisions; a class it no longer
 * writes is deleted; a wrong argument fails with a one-line message naming the argument.
 */
class TilesTest {
    private static final Path GENERATOR = Path.of("../tools/codegen/Tiles.java").toAbsolutePath().normalize();
    private static final Path EXPECTED = Path.of("src/test/resources/tiles/expected/p").toAbsolutePath();

    @Test
    void everyTemplateAndOptionGivesTheExpectedClasses(@TempDir Path out) throws Exception {
        Result r = run(out.toString(), "p", "2", "3:split-direct,four-columns,copy-transposed,padded-tail");
        assertEquals(0, r.exit, r.output);
        for (String name : List.of("F32Tiles", "F64Tiles", "F32Panels", "F64Panels")) {
            assertEquals(Files.readString(EXPECTED.resolve(name + ".java.txt")),
                    Files.readString(out.resolve("p/" + name + ".java")), name);
        }
        try (var files = Files.list(out.resolve("p"))) {
            assertEquals(4, files.count(), "files written");
        }
    }

    @Test
    void aFileItDoesNotWriteIsDeletedAndAnUnchangedOneIsNotRewritten(@TempDir Path out) throws Exception {
        Path stale = Files.createDirectories(out.resolve("p")).resolve("F32Gone.java");
        Files.writeString(stale, "class F32Gone {}");
        assertEquals(0, run(out.toString(), "p", "4").exit);
        assertFalse(Files.exists(stale));
        Path tiles = out.resolve("p/F32Tiles.java");
        var written = Files.getLastModifiedTime(tiles);
        Files.setLastModifiedTime(tiles, java.nio.file.attribute.FileTime.fromMillis(written.toMillis() - 60_000));
        var before = Files.getLastModifiedTime(tiles);
        assertEquals(0, run(out.toString(), "p", "4").exit);
        assertEquals(before, Files.getLastModifiedTime(tiles), "unchanged text rewritten");
    }

    @Test
    void wrongArgumentsFailNamingTheArgument(@TempDir Path out) throws Exception {
        String o = out.toString();
        fails("argument 3: unknown option 'split' (known: split-direct, four-columns, copy-transposed, padded-tail)",
                o, "p", "6:split");
        fails("argument 4: expected a row count from 1 to 16, got 0", o, "p", "4", "0");
        fails("argument 3: expected a row count from 1 to 16, got 99999999999", o, "p", "99999999999");
        fails("argument 4: row count 6 given twice", o, "p", "6", "6:four-columns");
        fails("argument 3: option 'padded-tail' given twice", o, "p", "4:padded-tail,padded-tail");
        fails("argument 3: expected ROWS[:OPTION,...] such as '6:split-direct,four-columns', got 'six'",
                o, "p", "six");
        fails("argument 2: expected a package name such as org.nnj.core.internal.gemm, got 'Org/x'", o, "Org/x", "4");
        fails("expected an output root, a package and at least one row count, got 2 argument(s)", o, "p");
        try (var files = Files.list(out)) {
            assertEquals(0, files.count(), "a failed run wrote files");
        }
    }

    private static void fails(String message, String... args) throws Exception {
        Result r = run(args);
        assertEquals(2, r.exit, r.output);
        assertTrue(r.output.startsWith("Tiles: " + message + "\n"), r.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(GENERATOR.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "generator did not finish");
        return new Result(p.exitValue(), output);
    }
}
