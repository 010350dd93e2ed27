package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.io.TestSupport.READER;
import static org.nnj.io.TestSupport.assertConfigError;
import static org.nnj.io.TestSupport.resource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.EarlyStopping;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.core.TrainingSpec;

class SpecReaderTest {

    /** A valid spec with {@code extra} spliced in as further top-level fields. */
    static String spec(String layers, String extra) {
        return "{\"input\": 4, \"layers\": " + layers + ", \"loss\": \"mse\"" + (extra.isEmpty() ? "" : ", " + extra)
                + "}";
    }

    static String spec(String extra) {
        return spec("[{\"type\": \"dense\", \"units\": 3, \"activation\": \"relu\"}]", extra);
    }

    @Test
    void readsTheFullFormat() {
        ModelSpec s = READER.read(resource("specs/iris.json"));
        assertEquals("iris", s.name());
        assertEquals("4-16-3 classifier of the Iris flowers", s.description());
        NetworkSpec n = s.network();
        assertEquals(4, n.inputSize());
        assertEquals(Precision.FLOAT32, n.precision());
        assertEquals(1, n.seed());
        assertEquals(3, n.layers().size());
        assertEquals(PluginRef.of("dense", Map.of("units", 16L, "activation", "tanh", "initializer", "he_normal")),
                n.layers().get(0));
        assertEquals(PluginRef.of("dropout", Map.of("rate", 0.1)), n.layers().get(1), "dropout has no initializer");
        assertEquals(Map.of("name", "softmax"), n.layers().get(2).params().get("activation"));
        assertEquals(PluginRef.of("categorical_crossentropy"), n.loss());
        TrainingSpec t = s.training();
        assertEquals(PluginRef.of("adam", Map.of("lr", 0.01)), t.optimizer());
        assertEquals(100, t.epochs());
        assertEquals(16, t.batchSize());
        assertEquals(1L, t.seed());
        assertEquals(PluginRef.of("cosine", Map.of("t_max", 100L)), t.schedule());
        assertEquals(new EarlyStopping("val_loss", 5, 0, true), t.earlyStopping());
        assertEquals(0.1, t.validationSplit());
        assertEquals(5, t.checkpointEvery());
        assertEquals(new DataSpec("csv", "species", null, "standard", 0.3), s.data());
        Network net = READER.validate(s);
        assertEquals(3, net.outputSize());
    }

    @Test
    void appliesDefaults() {
        ModelSpec s = READER.read(resource("specs/minimal.json"));
        assertEquals("minimal", s.name(), "the file name without extension");
        assertEquals("", s.description());
        assertEquals(Precision.FLOAT32, s.network().precision());
        assertEquals(SpecReader.DEFAULT_SEED, s.network().seed());
        TrainingSpec d = TrainingSpec.defaults();
        assertEquals(d, s.training());
        assertNull(s.data());
        assertEquals("model", READER.read(spec(""), "").name());
    }

    @Test
    void dataDefaultsAndLabelIndex() {
        ModelSpec s = READER.read(spec("\"data\": {\"label\": -1}"), "x.json");
        DataSpec d = s.data();
        assertEquals(-1, d.labelIndex());
        assertNull(d.labelName());
        assertEquals(0.2, d.testSplit());
        assertEquals("csv", d.formatFor(Path.of("iris.csv")));
        assertEquals("idx", d.formatFor(Path.of("train-images-idx3-ubyte.gz")));
        assertEquals("standard", d.scalingFor("csv"));
        assertEquals("none", d.scalingFor("idx"));
    }

    @Test
    void roundTripsThroughTheWriter() {
        ModelSpec s = READER.read(resource("specs/iris.json"));
        String json = SpecWriter.toJson(s);
        assertEquals(s, READER.read(json, "again.json"));
        assertTrue(!json.contains("org.nnj"), "never class names");
        ModelSpec minimal = READER.read(resource("specs/minimal.json"));
        assertEquals(minimal, READER.read(SpecWriter.toJson(minimal), "m.json"));
        assertEquals(minimal, READER.read(SpecWriter.toCompactJson(minimal), "m.json"));
    }

    @Test
    void javaBuiltSpecsRoundTripToo() {
        NetworkSpec n = Nets.network(3).dense(8, "relu").layer("dense", "units", 2, "activation",
                PluginRef.of("sigmoid", Map.of("beta", 2.0f))).loss("mse").seed(7).precision(Precision.FLOAT64).spec();
        TrainingSpec t = new TrainingSpec(PluginRef.of("sgd", Map.of("lr", 0.5, "momentum", 0.9f)), 3, 4, false, 9L,
                PluginRef.of("step", Map.of("step_size", 2)), 0.5, 1.5, new EarlyStopping("loss", 2, 0.001, false),
                0.25, 1);
        ModelSpec s = new ModelSpec("java", "built in Java", n, t, new DataSpec("idx", null, 3, "minmax", 0.1));
        READER.validate(s);
        assertEquals(s, READER.read(SpecWriter.toJson(s), "java.json"));
        assertEquals(Map.of("name", "sigmoid", "beta", 2.0), s.network().layers().get(1).params().get("activation"));
    }

    @Test
    void unknownPluginNamesListTheKnownOnes() {
        String layers = "[{\"type\": \"dense\", \"units\": 4, \"activation\": \"relu\"},"
                + " {\"type\": \"dense\", \"units\": 4, \"activation\": \"relu\"},"
                + " {\"type\": \"dense\", \"units\": 3, \"activation\": \"rleu\"}]";
        assertConfigError(() -> READER.read(spec(layers, ""), "s.json"), "layers[2].activation",
                "layers[2].activation: unknown activation \"rleu\"; known: ", "elu", "gaussian", "relu");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"convolution\"}]", ""), "s.json"), "layers[0]",
                "unknown layer \"convolution\"; known: avg_pool2d, batch_norm, conv2d, dense, dropout, flatten, "
                + "global_avg_pool2d, layer_norm, max_pool2d");
        assertConfigError(() -> READER.read(spec("\"optimizer\": \"adamm\""), "s.json"), "optimizer",
                "unknown optimizer \"adamm\"; known: ", "adam");
        assertConfigError(() -> READER.read(spec("\"initializer\": \"he\""), "s.json"), "initializer",
                "unknown initializer \"he\"");
        assertConfigError(() -> READER.read(spec("\"training\": {\"schedule\": \"cosin\"}"), "s.json"),
                "training.schedule", "unknown schedule \"cosin\"");
        assertConfigError(() -> READER.read("{\"input\": 4, \"layers\": [{\"type\": \"dense\", \"units\": 3,"
                + " \"initializer\": {\"name\": \"normal\", \"std\": -1}}], \"loss\": \"mse\"}", "s.json"),
                "layers[0].initializer.std", "outside the valid range");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 3}]", "")
                .replace("\"mse\"", "\"msee\""), "s.json"), "loss", "unknown loss \"msee\"");
    }

    @Test
    void parametersAreCheckedByThePlugins() {
        assertConfigError(() -> READER.read(spec("\"optimizer\": {\"name\": \"adam\", \"lr\": -0.1}"), "s.json"),
                "optimizer.lr", "optimizer.lr: value -0.1 is outside the valid range (0, inf)");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": \"ten\"}]", ""), "s.json"),
                "layers[0].units", "layers[0].units: expected a whole number, got the string \"ten\"");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 0}]", ""), "s.json"),
                "layers[0].units", "outside the valid range [1, inf)");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": -3}]", ""), "s.json"),
                "layers[0].units", "outside the valid range");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\"}]", ""), "s.json"),
                "layers[0].units", "missing required parameter \"units\"");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 2, \"unit\": 3}]", ""), "s.json"),
                "layers[0].unit", "unknown parameter \"unit\"; known: units");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dropout\", \"rate\": 1.5}]", ""), "s.json"),
                "layers[0].rate", "outside the valid range [0, 1)");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 2, \"activation\": "
                + "{\"name\": \"sigmoid\", \"beta\": 0}}]", ""), "s.json"), "layers[0].activation.beta",
                "outside the valid range (0, inf)");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 2, \"activation\": null}]", ""),
                "s.json"), "layers[0].activation", "expected a value, got null");
    }

    @Test
    void structuralErrorsNameTheField() {
        assertConfigError(() -> READER.read(spec("\"foo\": 1"), "s.json"), "foo",
                "foo: unknown field \"foo\"; expected one of name, description, input");
        assertConfigError(() -> READER.read("{\"layers\": [{\"type\": \"dense\", \"units\": 1}], \"loss\": \"mse\"}",
                "s.json"), "input", "missing required field \"input\"");
        assertConfigError(() -> READER.read("{\"input\": 2, \"loss\": \"mse\"}", "s.json"), "layers",
                "missing required field \"layers\"");
        assertConfigError(() -> READER.read("{\"input\": 2, \"layers\": [\"dropout\"]}", "s.json"), "loss",
                "missing required field \"loss\"");
        assertConfigError(() -> READER.read(spec("[]", ""), "s.json"), "layers", "at least one layer");
        assertConfigError(() -> READER.read(spec("{}", ""), "s.json"), "layers", "expected a list of layers, got an object");
        assertConfigError(() -> READER.read(spec("[{\"units\": 3}]", ""), "s.json"), "layers[0].name",
                "missing required field");
        assertConfigError(() -> READER.read(spec("[3]", ""), "s.json"), "layers[0]", "got the number 3");
        assertConfigError(() -> READER.read(spec("").replace("\"input\": 4", "\"input\": 0"), "s.json"), "input",
                "outside the valid range [1, ");
        assertConfigError(() -> READER.read(spec("").replace("\"input\": 4", "\"input\": -4"), "s.json"), "input",
                "outside the valid range");
        assertConfigError(() -> READER.read(spec("").replace("\"input\": 4", "\"input\": \"4\""), "s.json"), "input",
                "expected a whole number, got the string \"4\"");
        assertConfigError(() -> READER.read(spec("").replace("\"input\": 4", "\"input\": 4.5"), "s.json"), "input",
                "expected a whole number, got the number 4.5");
        assertConfigError(() -> READER.read(spec("\"precision\": \"half\""), "s.json"), "precision",
                "unknown precision \"half\"");
        assertConfigError(() -> READER.read(spec("\"seed\": true"), "s.json"), "seed", "expected a whole number");
        assertConfigError(() -> READER.read("[1, 2]", "s.json"), "", "expected an object, got a list");
        assertConfigError(() -> READER.read(spec("\"optimizer\": {\"lr\": 0.1}"), "s.json"), "optimizer.name",
                "missing required field \"name\"");
        assertConfigError(() -> READER.read(spec("\"optimizer\": 3"), "s.json"), "optimizer",
                "expected a plugin name or an object with \"name\", got the number 3");
    }

    @Test
    void trainingAndDataErrors() {
        assertConfigError(() -> READER.read(spec("\"training\": {\"epochs\": 0}"), "s.json"), "training.epochs",
                "outside the valid range [1, ");
        assertConfigError(() -> READER.read(spec("\"training\": {\"epochs\": \"many\"}"), "s.json"), "training.epochs",
                "expected a whole number, got the string \"many\"");
        assertConfigError(() -> READER.read(spec("\"training\": {\"batch_size\": -1}"), "s.json"),
                "training.batch_size", "outside the valid range");
        assertConfigError(() -> READER.read(spec("\"training\": {\"epoch\": 3}"), "s.json"), "training.epoch",
                "unknown field \"epoch\"; expected one of epochs, batch_size");
        assertConfigError(() -> READER.read(spec("\"training\": {\"shuffle\": \"yes\"}"), "s.json"), "training.shuffle",
                "expected true or false");
        assertConfigError(() -> READER.read(spec("\"training\": {\"clip_norm\": -1}"), "s.json"), "training.clip_norm",
                "expected a finite value >= 0, got -1.0");
        assertConfigError(() -> READER.read(spec("\"training\": {\"validation_split\": 1}"), "s.json"),
                "training.validation_split", "expected a fraction in [0, 1)");
        assertConfigError(() -> READER.read(spec("\"training\": {\"early_stopping\": {\"monitor\": \"val_los\"}}"),
                "s.json"), "training.early_stopping.monitor", "unknown value \"val_los\"");
        assertConfigError(() -> READER.read(spec("\"training\": {\"early_stopping\": {\"patience\": 0}}"), "s.json"),
                "training.early_stopping.patience", "outside the valid range [1, ");
        assertConfigError(() -> READER.read(spec("\"training\": {\"checkpoint_every\": -2}"), "s.json"),
                "training.checkpoint_every", "outside the valid range [0, ");
        assertConfigError(() -> READER.read(spec("\"training\": {\"schedule\": {\"name\": \"cosine\", \"t_max\": 0}}"),
                "s.json"), "training.schedule.t_max", "outside the valid range [1, inf)");
        assertConfigError(() -> READER.read(spec("\"data\": {\"format\": \"parquet\"}"), "s.json"), "data.format",
                "unknown format \"parquet\"; expected one of csv, idx");
        assertConfigError(() -> READER.read(spec("\"data\": {\"scaling\": \"robust\"}"), "s.json"), "data.scaling",
                "unknown scaling \"robust\"; expected one of minmax, none, standard");
        assertConfigError(() -> READER.read(spec("\"data\": {\"test_split\": 1.0}"), "s.json"), "data.test_split",
                "expected a fraction in [0, 1)");
        assertConfigError(() -> READER.read(spec("\"data\": {\"label\": true}"), "s.json"), "data.label",
                "expected a column name or a column index, got true");
        assertConfigError(() -> READER.read(spec("\"data\": {\"lable\": 1}"), "s.json"), "data.lable",
                "unknown field \"lable\"");
    }

    @Test
    void syntaxErrorsNameFileLineAndColumn() {
        Path file = resource("specs/syntax_error.json");
        var e = assertConfigError(() -> READER.read(file), "", file.toString() + ", line 3, column ", "invalid JSON");
        assertTrue(e.getMessage().contains("line 3, column 43"), e.getMessage());
        assertConfigError(() -> READER.read("{\"input\": 4, // comment\n}", "c.json"), "", "c.json, line 1",
                "invalid JSON");
        assertConfigError(() -> READER.read(spec("") + " {}", "t.json"), "", "t.json, line 1", "invalid JSON");
        assertConfigError(() -> READER.read("{\"input\": 4, \"input\": 5}", "d.json"), "", "d.json", "Duplicate field");
        assertConfigError(() -> READER.read("", "e.json"), "", "e.json", "no content");
        assertConfigError(() -> READER.read(spec("\"seed\": NaN"), "n.json"), "", "n.json, line 1", "invalid JSON");
    }

    @Test
    void aSpecNeedingSeveralMissingPluginsListsThemAll() {
        assertConfigError(() -> READER.read("{\"input\": 4, \"layers\": [{\"type\": \"dense\", \"units\": 3, "
                + "\"activation\": \"swish\"}, {\"type\": \"conv9\"}], \"loss\": \"huber\", \"optimizer\": "
                + "{\"name\": \"lion\"}}", "m.json"), "layers[0].activation", "needs 4 plugins that are not installed",
                "layers[0].activation: activation \"swish\"", "layers[1]: layer \"conv9\"", "loss: loss \"huber\"",
                "optimizer: optimizer \"lion\"", "installed: activation: ", "--plugin-path");
        // one alone keeps its own message, listing the installed plugins of its kind
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 3, \"activation\": \"swish\"}]",
                ""), "o.json"), "layers[0].activation", "unknown activation \"swish\"; known: ");
    }

    @Test
    void impossibleSizesFailBeforeAnythingIsAllocated() {
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 100000}, {\"type\": "
                + "\"dense\", \"units\": 100000}]", ""), "s.json"), "layers[1]", "more than 2147483639 parameters");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 9000000000}]", ""), "s.json"),
                "layers[0].units", "expected a whole number from -2147483648 to 2147483647, found 9000000000");
        assertConfigError(() -> READER.read(spec("[{\"type\": \"dense\", \"units\": 100000000}]", ""), "s.json"),
                "layers", "MB with their gradients; this JVM may use at most");
    }

    @Test
    void readsFilesAndRejectsMissingOrNonUtf8(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.json");
        assertConfigError(() -> READER.read(missing), "", missing.toString(), "cannot read");
        Path bad = dir.resolve("bad.json");
        Files.write(bad, new byte[] {'{', (byte) 0xff, '}'});
        assertConfigError(() -> READER.read(bad), "", bad.toString(), "not valid UTF-8");
        Path bom = dir.resolve("bom.json");
        Files.writeString(bom, "\uFEFF" + spec(""));
        assertEquals(List.of(PluginRef.of("dense", Map.of("units", 3L, "activation", "relu"))),
                READER.read(bom).network().layers());
    }
}
