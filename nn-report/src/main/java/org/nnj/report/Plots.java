package org.nnj.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nnj.core.EpochResult;
import org.nnj.core.Evaluation;

/** PNG charts of a training run (XChart, headless): loss and accuracy per epoch, and the confusion matrix. */
@API(status = API.Status.EXPERIMENTAL)
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Writes {@code <prefix>-loss.png}, {@code <prefix>-accuracy.png} (classification) and returns the files. */
    public static List<Path> history(List<EpochResult> epochs, Path prefix) {
        List<Path> written = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> vLoss = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        List<Double> vAcc = new ArrayList<>();
        for (EpochResult e : epochs) {
            x.add((double) e.epoch());
            loss.add(e.trainLoss());
            vLoss.add(e.validationLoss());
            acc.add(e.trainAccuracy());
            vAcc.add(e.validationAccuracy());
        }
        XYChart lossChart = new XYChartBuilder().width(800).height(500).title("Loss per epoch").xAxisTitle("epoch")
                .yAxisTitle("loss").build();
        boolean markers = epochs.size() <= 30;
        lossChart.getStyler().setMarkerSize(markers ? 6 : 0);
        lossChart.addSeries("train", x, loss);
        if (vLoss.stream().noneMatch(v -> v.isNaN())) {
            lossChart.addSeries("validation", x, vLoss);
        }
        written.add(save(lossChart, sibling(prefix, "-loss.png")));
        if (acc.stream().noneMatch(v -> v.isNaN())) {
            XYChart accChart = new XYChartBuilder().width(800).height(500).title("Accuracy per epoch")
                    .xAxisTitle("epoch").yAxisTitle("accuracy").build();
            accChart.getStyler().setMarkerSize(markers ? 6 : 0);
            accChart.addSeries("train", x, acc);
            if (vAcc.stream().noneMatch(v -> v.isNaN())) {
                accChart.addSeries("validation", x, vAcc);
            }
            written.add(save(accChart, sibling(prefix, "-accuracy.png")));
        }
        return written;
    }

    /** Writes the confusion matrix as a heat map to {@code <prefix>-confusion.png}. */
    public static Path confusion(Evaluation ev, List<String> classNames, Path prefix) {
        long[][] m = ev.confusion();
        int k = m.length;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(classNames != null && c < classNames.size() ? classNames.get(c) : Integer.toString(c));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < k; actual++) {
            for (int predicted = 0; predicted < k; predicted++) {
                cells.add(new Number[] {predicted, k - 1 - actual, m[actual][predicted]});
            }
        }
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        int maxName = names.stream().mapToInt(String::length).max().orElse(1);
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(640, 260 + Math.max(70, 8 * maxName) * k))
                .height(Math.max(520, 200 + 55 * k))
                .title(String.format(java.util.Locale.ROOT, "Confusion matrix (accuracy %.4f)", ev.accuracy()))
                .xAxisTitle("predicted").yAxisTitle("actual").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setXAxisLabelRotation(k > 4 || maxName > 8 ? 45 : 0);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214),
            new Color(8, 48, 107)});
        chart.addSeries("count", names, reversed, cells);
        return save(chart, sibling(prefix, "-confusion.png"));
    }

    /** Temporary files are private (rw-------); a chart is for everyone who can read the directory. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** The innermost cause's message (the one that says what happened), else the exception itself. */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.toString() : m;
    }

    private static Path sibling(Path prefix, String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    /** Opens the stream a chart is rendered into (a seam for tests: a full disk). */
    interface Opener {
        java.io.OutputStream open(Path file) throws IOException;
    }

    private static Path save(Chart<?, ?> chart, Path file) {
        return save(chart, file, Files::newOutputStream);
    }

    /**
     * Renders to a temporary file and moves it into place, so a reader never sees half a PNG. A failure names the
     * chart's file and the underlying cause (ImageIO reports a full disk only as "I/O error writing PNG file!",
     * with the cause inside).
     */
    static Path save(Chart<?, ?> chart, Path file, Opener opener) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".plot-", ".png");
            try {
                try (var out = opener.open(tmp)) {
                    BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                }
                readableByAll(tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + file + ": " + rootCause(e), e);
        }
    }
}
