package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.data.TestFiles.resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.Precision;

class CsvReaderTest {

    private static Dataset read(String text, CsvOptions options) {
        return new CsvReader(options).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "mem.csv");
    }

    @Test
    void readsScikitLearnIrisWithClassNamesFromTheFirstLine() {
        Dataset d = CsvReader.load(resource("iris.csv"));
        assertEquals(Task.CLASSIFICATION, d.task());
        assertEquals(150, d.size());
        assertEquals(4, d.featureCount());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, d.classCounts());
        assertEquals(5.1, d.features().get(0, 0), 1e-6);
        assertEquals(1.0, d.targets().get(0, 0));
        assertEquals(Precision.FLOAT32, d.precision());
        assertTrue(d.source().endsWith("iris.csv"));
        assertTrue(d.featureNames().isEmpty());
    }

    @Test
    void explicitScikitLearnModeMatchesAutoDetection() {
        Dataset auto = new CsvReader(CsvOptions.builder().precision(Precision.FLOAT64).build())
                .read(resource("iris.csv"));
        Dataset explicit = new CsvReader(CsvOptions.builder().header(HeaderMode.SKLEARN).precision(Precision.FLOAT64)
                .build()).read(resource("iris.csv"));
        assertEquals(auto.features(), explicit.features());
        assertArrayEquals(auto.labels(), explicit.labels());
    }

    @Test
    void textLabelsAreSortedByDefaultAndHeaderNamesKept() {
        Dataset d = CsvReader.load(resource("csv/text_labels.csv"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, d.labels());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), d.featureNames());
    }

    @Test
    void firstSeenOrderFollowsTheFile() {
        String csv = "x,y\n1,b\n2,a\n3,b\n4,c\n";
        Dataset d = read(csv, CsvOptions.builder().labelMapping(LabelMapping.FIRST_SEEN).build());
        assertEquals(List.of("b", "a", "c"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 0, 2}, d.labels());
    }

    @Test
    void numericNonIndexLabelsSortNumerically() {
        Dataset d = read("x,y\n1,10\n2,-1\n3,2\n", CsvOptions.defaults());
        assertEquals(List.of("-1", "2", "10"), d.classNames());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
    }

    @Test
    void integerLabelsKeepTheirValueEvenWhenAClassIsMissing() {
        Dataset d = read("x,y\n1,0\n2,2\n3,2\n", CsvOptions.defaults());
        assertEquals(List.of("0", "1", "2"), d.classNames());
        assertArrayEquals(new int[] {0, 2, 2}, d.labels());
        assertArrayEquals(new int[] {1, 0, 2}, d.classCounts());
    }

    @Test
    void declaredClassNamesMapTextAndIntegerLabels() {
        CsvOptions o = CsvOptions.builder().classNames(List.of("no", "yes")).build();
        assertArrayEquals(new int[] {1, 0}, read("x,y\n1,yes\n2,no\n", o).labels());
        assertArrayEquals(new int[] {1, 0}, read("x,y\n1,1\n2,0\n", o).labels());
        assertEquals(List.of("no", "yes"), read("x,y\n1,1\n2,1\n", o).classNames());
    }

    @Test
    void headerlessFileUsesIndicesAndTheLastColumnByDefault() {
        Dataset d = CsvReader.load(resource("csv/no_header.csv"));
        assertEquals(3, d.size());
        assertEquals(4, d.featureCount());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertTrue(d.featureNames().isEmpty());
    }

    @Test
    void labelColumnByNameByIndexAndFromTheEnd() {
        String csv = "y,a,b\n1,2,3\n0,5,6\n";
        Dataset byName = read(csv, CsvOptions.builder().labelColumn("y").build());
        Dataset byIndex = read(csv, CsvOptions.builder().labelColumn(0).build());
        Dataset fromEnd = read(csv, CsvOptions.builder().labelColumn(-3).build());
        for (Dataset d : List.of(byName, byIndex, fromEnd)) {
            assertArrayEquals(new int[] {1, 0}, d.labels());
            assertEquals(List.of("a", "b"), d.featureNames());
            assertEquals(5.0, d.features().get(1, 0));
        }
    }

    @Test
    void regressionWithSeveralTargets() {
        Dataset d = new CsvReader(CsvOptions.builder().regression().targetColumns("y1", "y2").build())
                .read(resource("csv/regression.csv"));
        assertEquals(Task.REGRESSION, d.task());
        assertEquals(List.of("x1", "x2"), d.featureNames());
        assertEquals(List.of("y1", "y2"), d.targetNames());
        assertEquals(12.0, d.targets().get(2, 1));
        Dataset byIndex = new CsvReader(CsvOptions.builder().regression().targetColumns(-2, -1).build())
                .read(resource("csv/regression.csv"));
        assertEquals(d.targets(), byIndex.targets());
    }

    @Test
    void unlabelledReadsEveryColumnAsAFeature() {
        Dataset d = new CsvReader(CsvOptions.builder().unlabelled().build()).read(resource("csv/regression.csv"));
        assertEquals(4, d.featureCount());
        assertEquals(0, d.targetCount());
        assertEquals(Task.UNLABELLED, d.task());
    }

    @Test
    void quotedFieldsWithDelimitersQuotesAndLineBreaks() {
        Dataset d = new CsvReader(CsvOptions.builder().delimiter(';').labelMapping(LabelMapping.FIRST_SEEN).build())
                .read(resource("csv/quoted_semicolon.csv"));
        assertEquals(List.of("name", "value; with sep"), d.featureNames());
        assertEquals(List.of("big \"cat\"", "small\r\ndog"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, d.labels());
        assertEquals(1.5, d.features().get(0, 0));
    }

    @Test
    void byteOrderMarkAndCrLfAreAccepted() {
        Dataset d = CsvReader.load(resource("csv/bom_crlf.csv"));
        assertEquals(List.of("a", "b"), d.featureNames());
        assertEquals(List.of("a", "b"), d.classNames());
        assertArrayEquals(new int[] {1, 0}, d.labels());
    }

    @Test
    void trailingBlankLinesAreAllowed() {
        assertEquals(2, CsvReader.load(resource("csv/trailing_blank.csv")).size());
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName(@TempDir Path dir) throws IOException {
        byte[] raw = Files.readAllBytes(resource("iris.csv"));
        Path gz = dir.resolve("iris-compressed.data");
        Files.write(gz, TestFiles.gzip(raw));
        Dataset d = CsvReader.load(gz);
        assertEquals(150, d.size());
        assertEquals(CsvReader.load(resource("iris.csv")).features(), d.features());
    }

    @Test
    void float64KeepsFullPrecision() {
        Dataset d = read("x,y\n0.1234567890123,0\n", CsvOptions.builder().precision(Precision.FLOAT64).build());
        assertEquals(0.1234567890123, d.features().get(0, 0));
    }

    @Test
    void spacesAroundCellsAreIgnored() {
        Dataset d = read("x , y\n 1.5 , a \n2,\tb\n", CsvOptions.defaults());
        assertEquals(List.of("x"), d.featureNames());
        assertEquals(List.of("a", "b"), d.classNames());
        assertEquals(1.5, d.features().get(0, 0));
    }

    @Test
    void realScikitLearnFilesWhenPresent() {
        Path dir = Path.of("/work/shared/data");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "shared data not present");
        Dataset wine = CsvReader.load(dir.resolve("wine_data.csv"));
        assertEquals(178, wine.size());
        assertEquals(13, wine.featureCount());
        assertEquals(List.of("class_0", "class_1", "class_2"), wine.classNames());
        Dataset cancer = CsvReader.load(dir.resolve("breast_cancer.csv"));
        assertEquals(List.of("malignant", "benign"), cancer.classNames());
        assertEquals(30, cancer.featureCount());
        Dataset digits = new CsvReader(CsvOptions.builder().expectFeatures(64).build())
                .read(dir.resolve("digits.csv.gz"));
        assertEquals(1797, digits.size());
        assertEquals(10, digits.classCount());
    }

    private static Dataset text(String csv, CsvOptions o) {
        return new CsvReader(o).read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "mem.csv");
    }

    @Test
    void givenFeatureNamesAHeaderInAnotherOrderIsReadByName() {
        CsvOptions o = CsvOptions.builder().featureNames(List.of("a", "b", "c")).labelColumn("y").build();
        Dataset inOrder = text("a,b,c,y\n1,2,3,p\n4,5,6,q\n", o);
        Dataset shuffled = text("y,c,a,b\np,3,1,2\nq,6,4,5\n", o);
        assertEquals(inOrder.features(), shuffled.features());
        assertEquals(List.of("a", "b", "c"), shuffled.featureNames());
        assertArrayEquals(inOrder.labels(), shuffled.labels());
        // unlabelled rows to predict, as nn predict reads them
        Dataset rows = text("c,b,a\n3,2,1\n", CsvOptions.builder().unlabelled().featureNames(List.of("a", "b", "c"))
                .build());
        assertEquals(1.0, rows.features().get(0, 0));
        assertEquals(3.0, rows.features().get(0, 2));
    }

    @Test
    void givenFeatureNamesAFileWithoutHeaderIsReadByPosition() {
        CsvOptions o = CsvOptions.builder().featureNames(List.of("a", "b")).build();
        Dataset d = text("1,2,p\n3,4,q\n", o);
        assertEquals(2.0, d.features().get(0, 1));
    }

    @Test
    void missingAndUnknownFeatureNamesAreListedInOneLine() {
        CsvOptions o = CsvOptions.builder().featureNames(List.of("a", "b", "c")).labelColumn("y").build();
        TestFiles.assertDataError(() -> text("a,x,c,z,y\n1,2,3,4,p\n", o), "mem.csv", "line 1",
                "missing: [b]", "unknown columns: [x, z]");
        // the label taken by position is one of the features: say so rather than "missing"
        CsvOptions byPosition = CsvOptions.builder().featureNames(List.of("a", "b")).build();
        TestFiles.assertDataError(() -> text("y,b,a\np,1,2\n", byPosition), "taken as the label or target: [a]",
                "data.label");
    }
}
