package org.nnj.api.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Vector API loop of the project uses {@link Lanes}' species. A second shape anywhere in the process makes
 * JDK 17's C2 box the vectors of every kernel (see {@link Lanes}); on an AVX2-only machine nothing else would
 * show it, since there the preferred shape and the kernels' shape are the same. Scans the sources of every
 * module, main and test (the test runs in nn-api's directory, beside the others).
 */
class OneVectorShapeTest {
    private static final Pattern OWN_SPECIES = Pattern.compile("(Float|Double|Int|Long|Short|Byte)Vector\\.SPECIES_");

    @Test
    void noSourceButLanesNamesASpecies() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(root.resolve("nn-api/pom.xml")), "not run from a module of the project: " + root);
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/") || p.toString().contains("/src/test/java/"))
                    .filter(p -> !p.getFileName().toString().equals("Lanes.java")
                            && !p.getFileName().toString().equals("VectorApi.java"))
                    .filter(p -> OWN_SPECIES.matcher(read(p)).find())
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders, "sources naming a vector species other than Lanes.FLOAT/Lanes.DOUBLE");
    }

    @Test
    void floatAndDoubleVectorsHaveTheSameBitSize() {
        if (VectorApi.usable()) {
            assertEquals(Lanes.FLOAT.vectorBitSize(), Lanes.DOUBLE.vectorBitSize());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
