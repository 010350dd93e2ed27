package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The {@code nn} launcher's filter of standard error passes every other line through, binary bytes included. */
class LauncherTest {
    @Test
    void theStderrFilterDropsOnlyTheIncubatorNoticeAndKeepsLinesWithNulBytes() throws Exception {
        String script = Files.readString(Path.of("..", "nn"));
        Matcher m = Pattern.compile("2> >\\((grep [^)]*?) >&2\\)").matcher(script);
        assertTrue(m.find(), "the launcher filters standard error through grep");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
        String filter = m.group(1);
        byte[] in = ("WARNING: Using incubator modules: jdk.incubator.vector\n"
                + "nn: error: data.csv, line 2, column 1: expected a number, found \"a\0b\"\n")
                .getBytes(StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("/bin/bash", "-c", filter).redirectErrorStream(true).start();
        p.getOutputStream().write(in);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        assertArrayEquals(("nn: error: data.csv, line 2, column 1: expected a number, found \"a\0b\"\n")
                .getBytes(StandardCharsets.UTF_8), out, "was \"grep: (standard input): binary file matches\"");
    }
}
