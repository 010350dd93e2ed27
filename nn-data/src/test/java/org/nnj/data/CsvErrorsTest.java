package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nnj.data.TestFiles.assertDataError;
import static org.nnj.data.TestFiles.resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.DataException;
import org.nnj.api.Precision;

/** Every malformed CSV input gives one DataException naming the file, the line, the column and the problem. */
class CsvErrorsTest {

    private static void load(String name) {
        CsvReader.load(resource(name));
    }

    private static void read(String text, CsvOptions options) {
        new CsvReader(options).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "mem.csv");
    }

    @Test
    void raggedRow() {
        DataException e = assertDataError(() -> load("csv/ragged.csv"), "ragged.csv", "line 4",
                "expected 3 fields (as on line 1), found 2");
        assertEquals(4, e.line());
    }

    @Test
    void nonNumericCellNamesColumnIndexAndHeader() {
        DataException e = assertDataError(() -> load("csv/non_numeric.csv"), "non_numeric.csv", "line 3",
                "column 2 (b)", "expected a number, found \"abc\"");
        assertEquals("2 (b)", e.column());
    }

    @Test
    void emptyCell() {
        assertDataError(() -> load("csv/empty_cell.csv"), "empty_cell.csv", "line 3", "column 2 (b)",
                "empty cell; expected a number");
    }

    @Test
    void emptyLabel() {
        assertDataError(() -> load("csv/empty_label.csv"), "empty_label.csv", "line 3", "column 3 (label)",
                "expected a class label");
    }

    @Test
    void emptyFiles() {
        assertDataError(() -> load("csv/empty.csv"), "empty.csv", "empty file");
        assertDataError(() -> load("csv/blank_only.csv"), "blank_only.csv", "empty file");
    }

    @Test
    void nanAndInfinity() {
        assertDataError(() -> load("csv/nan.csv"), "nan.csv", "line 3", "column 2 (b)",
                "expected a finite number, found \"NaN\"");
        assertDataError(() -> load("csv/infinite.csv"), "infinite.csv", "line 3", "column 2",
                "expected a finite number, found \"-Infinity\"");
        assertDataError(() -> read("x,y\n1e400,0\n", CsvOptions.defaults()), "mem.csv", "line 2", "column 1 (x)",
                "outside the float64 range");
    }

    @Test
    void valueBeyondFloat32WhenReadingAsFloat32() {
        assertDataError(() -> read("x,y\n1e39,0\n", CsvOptions.defaults()), "line 2", "column 1 (x)",
                "float32 range");
        read("x,y\n1e39,0\n", CsvOptions.builder().precision(Precision.FLOAT64).build());
    }

    @Test
    void labelOutsideTheDeclaredClasses() {
        assertDataError(() -> load("csv/unknown_label.csv"), "unknown_label.csv", "line 4", "column 3",
                "label 3 is outside the known classes; expected 0..2 [cat, dog, bird]");
        CsvOptions o = CsvOptions.builder().classNames(List.of("a", "b")).build();
        assertDataError(() -> read("x,y\n1,a\n2,c\n", o), "mem.csv", "line 3", "column 2 (y)",
                "label \"c\" is not one of the known classes; expected one of [a, b]");
    }

    @Test
    void tooFewRows() {
        assertDataError(() -> load("csv/header_only.csv"), "header_only.csv", "line 1",
                "too few rows: expected at least 1 data row, found 0");
        assertDataError(() -> read("x,y\n1,0\n2,1\n", CsvOptions.builder().minRows(3).build()), "mem.csv", "line 3",
                "too few rows: expected at least 3 data rows, found 2");
    }

    @Test
    void blankLineInTheMiddle() {
        assertDataError(() -> load("csv/blank_middle.csv"), "blank_middle.csv", "line 3", "blank line",
                "found more data on line 4");
    }

    @Test
    void scikitLearnHeaderCountsAreChecked() {
        assertDataError(() -> load("csv/sklearn_wrong_rows.csv"), "sklearn_wrong_rows.csv", "line 1", "column 1",
                "announces 5 rows, found 3");
        assertDataError(() -> new CsvReader(CsvOptions.builder().header(HeaderMode.SKLEARN).build())
                        .read(resource("csv/sklearn_wrong_features.csv")), "sklearn_wrong_features.csv", "line 1",
                "column 2", "announces 3 features, found 2 (3 columns minus 1 target)");
        assertDataError(() -> read("x,2,a\n1,2,0\n", CsvOptions.builder().header(HeaderMode.SKLEARN).build()),
                "line 1", "column 1", "expected the row count of a scikit-learn header line");
    }

    @Test
    void featureCountOtherThanExpected() {
        CsvOptions o = CsvOptions.builder().expectFeatures(784).build();
        assertDataError(() -> new CsvReader(o).read(resource("iris.csv")), "iris.csv", "line 2",
                "expected 784 features (expectFeatures), found 4 (5 columns minus 1 target)");
    }

    @Test
    void unterminatedQuote() {
        assertDataError(() -> load("csv/unterminated_quote.csv"), "unterminated_quote.csv", "line 3",
                "unterminated quoted field");
    }

    @Test
    void junkAfterAClosingQuote() {
        assertDataError(() -> read("x,y\n\"1\"2,0\n", CsvOptions.defaults()), "line 2",
                "unexpected character '2' after a closing quote");
    }

    @Test
    void unknownLabelColumn() {
        assertDataError(() -> read("x,y\n1,0\n", CsvOptions.builder().labelColumn("z").build()), "mem.csv", "line 1",
                "no column named \"z\"; expected one of [x, y]");
        assertDataError(() -> read("1,0\n2,1\n", CsvOptions.builder().labelColumn(5).build()), "mem.csv",
                "target column index 5 is outside the file's 2 columns");
        assertDataError(() -> read("1,0\n2,1\n", CsvOptions.builder().labelColumn("y").build()),
                "given by name but the file has no header");
    }

    @Test
    void tooManyClassesSuggestsRegression() {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i).append(',').append(i + 0.5).append('\n');
        }
        assertDataError(() -> read(sb.toString(), CsvOptions.builder().maxClasses(10).build()), "line 12",
                "column 2 (y)", "expected at most 10 classes", "regression");
        assertDataError(() -> read("x,y\n1,1000000\n", CsvOptions.defaults()), "line 2",
                "label 1000000 would make 1000001 classes");
    }

    @Test
    void invalidUtf8AndCorruptGzip(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("latin1.csv");
        Files.write(bad, new byte[] {'x', ',', 'y', '\n', '1', ',', (byte) 0xE9, '\n'});
        assertDataError(() -> CsvReader.load(bad), "latin1.csv", "not valid UTF-8");
        byte[] gz = TestFiles.gzip(Files.readAllBytes(resource("iris.csv")));
        Path truncated = dir.resolve("truncated.csv.gz");
        Files.write(truncated, Arrays.copyOf(gz, gz.length / 2));
        assertDataError(() -> CsvReader.load(truncated), "truncated.csv.gz", "truncated gzip data");
    }

    @Test
    void missingFile() {
        assertDataError(() -> CsvReader.load(Path.of("no/such/file.csv")), "file.csv", "file not found");
    }

    @Test
    void oneColumnAndOtherSeparatorsSayWhatTheFileLooksLike() {
        assertDataError(() -> read("a;b;label\n1;2;x\n3;4;y\n", CsvOptions.defaults()), "mem.csv", "line 1",
                "found one column, \"a;b;label\", that holds ';'; expected fields separated by ','");
        assertDataError(() -> read("a\tb\tlabel\n1\t2\tx\n", CsvOptions.builder().labelColumn("label").build()),
                "line 1", "holds tabs");
        assertDataError(() -> read("species\nx\ny\n", CsvOptions.builder().labelColumn("species").build()),
                "mem.csv", "found one column; expected at least two, the features and the label");
        // one column of features to predict on is fine
        assertEquals(2, new CsvReader(CsvOptions.builder().unlabelled().build())
                .read(new ByteArrayInputStream("1\n2\n".getBytes(StandardCharsets.UTF_8)), "mem.csv").size());
    }

    @Test
    void aPipeIsReadWholeLikeAFile(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo.csv");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            org.junit.jupiter.api.Assumptions.abort("no mkfifo on this system");
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append(',').append(i * 2).append(',').append(i % 3 == 0 ? "x" : "y").append('\n');
        }
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, csv);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        try {
            Dataset d = CsvReader.load(fifo); // was "Illegal seek": NIO's stream asks a pipe for its position
            assertEquals(20_000, d.size());
            assertEquals(2 * 19_999.0, d.features().get(19_999, 1));
        } finally {
            writer.join(10_000);
        }
    }
}
