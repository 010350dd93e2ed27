package org.nnj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.core.Nets;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelFile;
import picocli.CommandLine;

/**
 * The spark-submit main class with nn train's arguments, on a CSV file in local[2] (spark.master as spark-submit
 * passes it): it trains, prints the test accuracy, and writes an nnj model file and the fitted pipeline.
 */
class SparkTrainTest {

    /** Executors get the Vector API module added to their options, once, whatever else the user gave them. */
    @Test
    void executorsAreGivenTheVectorApiModuleOnce() {
        assertEquals("--add-modules=jdk.incubator.vector", SparkTrainer.executorJavaOptions(null));
        assertEquals("--add-modules=jdk.incubator.vector", SparkTrainer.executorJavaOptions("  "));
        assertEquals("-Xss4m --add-modules=jdk.incubator.vector", SparkTrainer.executorJavaOptions("-Xss4m"));
        assertEquals("--add-modules jdk.incubator.vector -Xss4m",
                SparkTrainer.executorJavaOptions("--add-modules jdk.incubator.vector -Xss4m"));
    }

    @Test
    void trainsACsvFileWithNnTrainsArguments(@TempDir Path dir) throws Exception {
        LocalSpark.Synthetic s = LocalSpark.classes(500, 6, 5);
        StringBuilder csv = new StringBuilder("a,b,c,d,e,f,kind\n");
        String[] names = {"cat", "dog", "eel"};
        for (int r = 0; r < 500; r++) {
            for (int c = 0; c < 6; c++) {
                csv.append(String.format(Locale.ROOT, "%.6f,", s.x().get(r, c)));
            }
            csv.append(names[(int) s.labels()[r]]).append('\n');
        }
        Path data = Files.writeString(dir.resolve("three.csv"), csv);
        Path spec = Files.writeString(dir.resolve("spec.json"), LocalSpark.spec("float32", "{\"name\": \"adam\", "
                + "\"lr\": 0.02}", 1, 32));
        Path out = dir.resolve("out").resolve("model.safetensors");
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.ui.enabled", "false");
        // the driver's SLF4J progress lines (the tests' logback shows only warnings; listen at INFO here)
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(SparkTrainer.class);
        ch.qos.logback.classic.Level level = log.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        log.addAppender(logged);
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        log.setAdditive(false);
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = new CommandLine(new SparkTrain()).execute("--spec", spec.toString(), "--data", data.toString(),
                    "--epochs", "25", "--out", out.toString(), "--workers", "2");
        } finally {
            System.setOut(before);
            log.detachAppender(logged);
            log.setLevel(level);
            log.setAdditive(true);
            System.clearProperty("spark.master");
            System.clearProperty("spark.driver.host");
            System.clearProperty("spark.ui.enabled");
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        Matcher m = Pattern.compile("accuracy ([0-9.]+)").matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Double.parseDouble(m.group(1)) > 0.85, text);
        LoadedModel model = ModelFile.load(out, Nets.registry());
        assertEquals(6, model.network().inputSize());
        assertTrue(Files.isDirectory(dir.resolve("out").resolve("model.spark")), text);

        // progress: nn train's progress bar (one line per epoch off a terminal) on standard output...
        for (int e = 1; e <= 25; e++) {
            assertTrue(Pattern.compile("(?m)^epoch " + e + "/25: loss [0-9.]+, [0-9,]+ samples/s, [0-9.]+ s$")
                    .matcher(text).find(), "no progress line for epoch " + e + " in:\n" + text);
        }
        // ...and the driver's SLF4J lines: epoch, loss, samples/s and where the step's time went
        List<String> lines = logged.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(25, lines.size(), String.join("\n", lines));
        assertTrue(Pattern.compile("^epoch 25/25: loss [0-9.]+, [0-9]+ samples/s, [0-9.]+ s; per step and replica: "
                + "compute [0-9.]+ ms \\([0-9.]+ ms on a core\\), all-reduce [0-9.]+ ms \\(of which waiting for the slower peer [0-9.]+ ms\\), "
                + "[0-9]+ bytes sent$").matcher(lines.get(24)).find(), lines.get(24));
        // the same PNG charts as nn train, next to the model
        for (String chart : List.of("model-loss.png", "model-confusion.png")) {
            Path png = dir.resolve("out").resolve(chart);
            assertTrue(text.contains("chart written to " + png), text);
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 1000, png + ": " + bytes.length + " bytes");
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4), png + " is no PNG");
        }
        // no training accuracy is computed in distributed training, so no accuracy chart is claimed
        assertFalse(Files.exists(dir.resolve("out").resolve("model-accuracy.png")));
    }
}
