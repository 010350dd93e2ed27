package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The nn command line as a user runs it: exit codes, one-line errors, and train -> eval -> predict. */
class CliTest {
    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one {@code nn} invocation. */
    record Run(int code, String out, String err) {
    }

    static synchronized Run withInput(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static Run nn(String... args) {
        return withInput("", args);
    }

    static Path spec(String name) {
        Path p = Path.of("..", "specs", name);
        assertTrue(Files.isRegularFile(p), "bundled spec " + p.toAbsolutePath());
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "eval", "predict", "explain", "plugins", "examples", "example"})
    void everyCommandHasHelp(String command) {
        Run r = nn(command, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: nn " + command), r.out());
    }

    @Test
    void userErrorsPrintOneLineAndExitNonZero() throws Exception {
        Run missing = nn("train", "--spec", dir.resolve("nope.json").toString(), "--data", "bundled:iris");
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("nn: error: "), missing.err());
        assertTrue(missing.err().contains("nope.json"), missing.err());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(spec("iris.json")).replace("\"tanh\"", "\"rleu\""));
        Run unknown = nn("train", "--spec", bad.toString(), "--data", "bundled:iris");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("layers[0].activation: unknown activation \"rleu\"; known: "), unknown.err());

        Run verbose = nn("--verbose", "train", "--spec", bad.toString(), "--data", "bundled:iris");
        assertTrue(verbose.err().lines().count() > 3, "--verbose adds the stack trace");

        Run badPluginPath = nn("--plugin-path", dir.resolve("missing.jar").toString(), "plugins");
        assertEquals(1, badPluginPath.code());
        assertEquals("nn: error: plugin path " + dir.resolve("missing.jar") + " does not exist (from --plugin-path or "
                + "NN_PLUGIN_PATH)", badPluginPath.err().strip());

        Run noData = nn("train", "--spec", spec("iris.json").toString(), "--data", "bundled:nothing");
        assertEquals(1, noData.code());
        assertTrue(noData.err().contains("no such bundled data set"), noData.err());

        Run wrongWidth = nn("train", "--spec", spec("iris.json").toString(), "--data", "bundled:wine_data");
        assertEquals(1, wrongWidth.code());
        assertTrue(wrongWidth.err().contains("13") && wrongWidth.err().contains("4"), wrongWidth.err());
    }

    @Test
    void trainEvalPredictRoundTrip() {
        Path model = dir.resolve("iris").resolve("model.safetensors");
        Run train = nn("train", "--spec", spec("iris.json").toString(), "--data", "bundled:iris", "--epochs", "60",
                "--out", model.toString());
        assertEquals(0, train.code(), train.err());
        assertEquals(60, train.out().lines().filter(l -> l.startsWith("epoch ")).count(),
                "one plain line per epoch when not on a terminal");
        assertTrue(train.out().contains("test metrics (45 held-out rows"), train.out());
        assertTrue(train.out().contains("model written to " + model), train.out());
        for (String chart : List.of("model-loss.png", "model-accuracy.png", "model-confusion.png")) {
            assertTrue(Files.isRegularFile(model.resolveSibling(chart)), chart);
        }

        Run eval = nn("eval", "--model", model.toString(), "--data", "bundled:iris");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("accuracy 0.9") && eval.out().contains("confusion matrix"), eval.out());

        Run predict = withInput("5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,2.8,4.3,1.3\n", "predict", "--model", model.toString(),
                "--input", "-");
        assertEquals(0, predict.code(), predict.err());
        assertEquals(List.of("setosa", "virginica", "versicolor"), predict.out().lines().toList());

        Run wrong = withInput("5.1,3.5,1.4\n", "predict", "--model", model.toString(), "--input", "-");
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("3") && wrong.err().contains("4"), wrong.err());
    }

    @Test
    void trainsOnANamedBackendAndRejectsBadOnesInOneLine() {
        Path model = dir.resolve("cpu.safetensors");
        Run cpu = nn("train", "--spec", spec("iris.json").toString(), "--data", "bundled:iris", "--epochs", "2",
                "--out", model.toString(), "--no-plots", "--backend", "cpu");
        assertEquals(0, cpu.code(), cpu.err());
        Run unknown = nn("train", "--spec", spec("iris.json").toString(), "--data", "bundled:iris", "--backend", "gpu");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("nn: error: backend: unknown backend \"gpu\"; known: cpu, openblas"),
                unknown.err());
        Run badParam = nn("train", "--spec", spec("iris.json").toString(), "--data", "bundled:iris",
                "--backend", "openblas:min_side=0");
        assertEquals(1, badParam.code());
        assertTrue(badParam.err().contains("backend.min_side"), badParam.err());
        Run badSyntax = nn("train", "--spec", spec("iris.json").toString(), "--data", "bundled:iris",
                "--backend", "openblas:products");
        assertEquals(1, badSyntax.code());
        assertTrue(badSyntax.err().contains("--backend: expected key=value after \"openblas:\""), badSyntax.err());
    }

    @Test
    void noPlotsWritesNoCharts() {
        Path model = dir.resolve("m.safetensors");
        Run train = nn("train", "--spec", spec("iris.json").toString(), "--data", "bundled:iris", "--epochs", "2",
                "--out", model.toString(), "--no-plots");
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isRegularFile(model));
        assertFalse(Files.exists(dir.resolve("m-loss.png")));
    }

    @Test
    void explainPrintsTheTraceOfOneStep() {
        Run r = nn("explain", "--spec", spec("iris.json").toString(), "--data", "bundled:iris");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("== Backward pass"), r.out());
        assertTrue(r.out().contains("dC/dw[2]_11"), r.out());
        Run big = nn("explain", "--spec", spec("fashion-mnist.json").toString());
        assertEquals(1, big.code());
        assertTrue(big.err().contains("a trace is readable for small networks only"), big.err());
    }

    @Test
    void pluginsListsEveryKindWithParametersAndSource() {
        Run r = nn("plugins");
        assertEquals(0, r.code(), r.err());
        for (String s : List.of("layer (", "activation (", "loss (", "optimizer (", "initializer (", "schedule (",
                "  dense", "  sigmoid (aliases: logistic)", "beta: real = 1.0 in (0, inf)", "  adam", "from ")) {
            assertTrue(r.out().contains(s), "missing " + s + " in\n" + r.out());
        }
    }
}
