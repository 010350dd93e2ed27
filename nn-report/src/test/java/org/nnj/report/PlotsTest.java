package org.nnj.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nnj.core.EpochResult;
import org.nnj.core.Evaluation;

class PlotsTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    static void assertPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 1000, file + " holds " + bytes.length + " bytes");
        assertArrayEquals(PNG, Arrays.copyOf(bytes, 8), file + " is not a PNG");
    }

    @Test
    void historyWritesLossAndAccuracyChartsAndSkipsAccuracyForRegression() throws IOException {
        List<EpochResult> epochs = List.of(new EpochResult(1, 0.9, 0.7, Double.NaN, Double.NaN, 0.01, 1, 100),
                new EpochResult(2, 0.5, 0.8, Double.NaN, Double.NaN, 0.01, 1, 100));
        List<Path> written = Plots.history(epochs, dir.resolve("run"));
        assertEquals(List.of(dir.resolve("run-loss.png"), dir.resolve("run-accuracy.png")), written);
        for (Path p : written) {
            assertPng(p);
        }
        List<EpochResult> regression = List.of(new EpochResult(1, 0.9, Double.NaN, Double.NaN, Double.NaN, 0.01, 1,
                100));
        assertEquals(List.of(dir.resolve("reg-loss.png")), Plots.history(regression, dir.resolve("reg")));
    }

    @Test
    void confusionIsAHeatMapPng() throws IOException {
        Evaluation ev = new Evaluation(4, 0.3, 0.75, new long[][] {{2, 0}, {1, 1}}, Double.NaN, Double.NaN,
                Double.NaN);
        Path p = Plots.confusion(ev, List.of("cat", "dog"), dir.resolve("run"));
        assertEquals(dir.resolve("run-confusion.png"), p);
        assertPng(p);
    }

    @Test
    void aChartThatCannotBeWrittenNamesItsFileAndTheCause() throws IOException {
        XYChart chart = new XYChartBuilder().width(200).height(120).build();
        chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
        Path file = dir.resolve("run-loss.png");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Plots.save(chart, file,
                f -> new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        throw new IOException("No space left on device");
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        throw new IOException("No space left on device");
                    }
                }));
        assertEquals("cannot write the chart " + file + ": No space left on device", e.getMessage());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "no half-written chart or temporary file is left");
        }
    }
}
