package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.examples.CliTest.nn;
import static org.nnj.examples.CliTest.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nn summary --spec S}: one row per layer with output shape and parameter count; errors are one line. */
class SummaryCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsEachLayerWithItsOutputShapeAndParameters() {
        CliTest.Run r = nn("summary", "--spec", spec("iris.json").toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[1].startsWith("layer"), r.out());
        assertTrue(lines[2].matches("input\\s+4\\s+0"), r.out());
        assertTrue(lines[3].matches("layers\\[0] dense -> tanh\\s+16\\s+80"), r.out());
        assertTrue(r.out().contains("total: 131 parameters (trainable), 0 buffer values, float32"), r.out());
    }

    @Test
    void anImageInputIsShownAsItsShapeAndBadSpecsFailInOneLine() throws Exception {
        Path img = dir.resolve("img.json");
        Files.writeString(img, "{\"input\": [1, 4, 3], \"layers\": [{\"type\": \"dropout\"}, {\"type\": \"dense\","
                + " \"units\": 2}], \"loss\": \"mse\"}");
        CliTest.Run r = nn("summary", "--spec", img.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layers[0] dropout    1x4x3"), r.out());
        assertTrue(r.out().contains("total: 26 parameters"), r.out());
        Files.writeString(img, "{\"input\": [1, 0], \"layers\": [{\"type\": \"dense\", \"units\": 2}], \"loss\": \"mse\"}");
        CliTest.Run bad = nn("summary", "--spec", img.toString());
        assertEquals(1, bad.code());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("nn: error: input[1]: "), bad.err());
    }
}
