package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.nnj.api.DataException;
import org.nnj.api.Precision;

/**
 * Random and mutated CSV input: every case either loads or throws a {@link DataException} naming the source;
 * any other exception, a hang or running out of memory fails the build. Counts in {@link FuzzCounts}.
 */
class CsvFuzzTest {
    private static final List<String> BASES = List.of("iris.csv", "csv/text_labels.csv", "csv/quoted_semicolon.csv",
            "csv/regression.csv", "csv/no_header.csv", "csv/bom_crlf.csv");
    private static final String[] TOKENS = {"0", "1", "2", "7", "-", ".", "e", "E", "+", ",", ",", ",", ";", "\"",
        "\n", "\n", "\r\n", "\r", " ", "\t", "a", "cat", "NaN", "Infinity", "\uFEFF", "é", "150", "4", "x", "1e999",
        "3.25", "-0.5", ""};

    /** Reads {@code bytes} with {@code options}; a DataException must name the source. */
    static Dataset readOrDataError(byte[] bytes, CsvOptions options) {
        try {
            Dataset d = new CsvReader(options).read(new ByteArrayInputStream(bytes), "fuzz.csv");
            assertTrue(d.size() >= 1);
            return d;
        } catch (DataException e) {
            assertTrue(e.getMessage().startsWith("fuzz.csv"), e.getMessage());
            return null;
        }
    }

    @Provide
    Arbitrary<CsvOptions> options() {
        return Combinators.combine(Arbitraries.of(HeaderMode.class), Arbitraries.of(Task.class),
                Arbitraries.of(LabelMapping.class), Arbitraries.integers().between(-3, 3),
                Arbitraries.of(',', ';'), Arbitraries.of(Precision.class)).as((h, t, m, col, delim, p) -> {
                    CsvOptions.Builder b = CsvOptions.builder().header(h).task(t).labelMapping(m).delimiter(delim)
                            .precision(p).maxClasses(50);
                    if (t != Task.UNLABELLED) {
                        b.labelColumn(col);
                    }
                    return b.build();
                });
    }

    @Provide
    Arbitrary<String> soups() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(300).map(l -> String.join("", l));
    }

    @Property(tries = FuzzCounts.CSV_RANDOM)
    void randomTextLoadsOrFailsCleanly(@ForAll("soups") String text, @ForAll("options") CsvOptions options) {
        readOrDataError(text.getBytes(StandardCharsets.UTF_8), options);
    }

    @Property(tries = FuzzCounts.CSV_MUTATED)
    void mutatedFilesLoadOrFailCleanly(@ForAll @IntRange(min = 0, max = 5) int base, @ForAll long seed,
                                       @ForAll boolean gzipFirst, @ForAll("options") CsvOptions options) {
        byte[] bytes = bytes(BASES.get(base));
        byte[] mutated = gzipFirst ? Mutator.mutate(TestFiles.gzip(bytes), seed) : Mutator.mutate(bytes, seed);
        readOrDataError(mutated, options);
        readOrDataError(mutated, CsvOptions.defaults());
    }

    @Property(tries = FuzzCounts.CSV_ROUND_TRIP)
    void validTablesLoadBackExactly(@ForAll @IntRange(min = 1, max = 30) int rows,
                                    @ForAll @IntRange(min = 1, max = 8) int cols, @ForAll long seed,
                                    @ForAll boolean header) {
        java.util.Random r = new java.util.Random(seed);
        double[][] values = new double[rows][cols];
        int[] labels = new int[rows];
        StringBuilder sb = new StringBuilder();
        if (header) {
            for (int c = 0; c < cols; c++) {
                sb.append("f").append(c).append(',');
            }
            sb.append("label\n");
        }
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                values[i][c] = Math.round(r.nextGaussian() * 1e6) / 1e3;
                sb.append(values[i][c]).append(',');
            }
            labels[i] = r.nextInt(4);
            sb.append(labels[i]).append('\n');
        }
        CsvOptions o = CsvOptions.builder().header(header ? HeaderMode.PRESENT : HeaderMode.ABSENT)
                .precision(Precision.FLOAT64).build();
        Dataset d = new CsvReader(o).read(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)),
                "table.csv");
        assertEquals(rows, d.size());
        assertEquals(cols, d.featureCount());
        for (int i = 0; i < rows; i++) {
            assertEquals(labels[i], d.label(i));
            for (int c = 0; c < cols; c++) {
                assertEquals(values[i][c], d.features().get(i, c));
            }
        }
    }

    private static byte[] bytes(String resource) {
        try {
            return Files.readAllBytes(TestFiles.resource(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
