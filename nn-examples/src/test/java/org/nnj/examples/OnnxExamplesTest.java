package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnj.api.Mat;
import org.nnj.api.PluginException;
import org.nnj.api.Precision;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.Dataset;
import org.nnj.data.Task;
import org.nnj.io.DataSpec;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;
import org.nnj.onnx.OnnxExport;

/**
 * Every bundled example model, trained with {@code nn train}, exported with {@code nn export} and run on ONNX
 * Runtime: its outputs on the raw rows of its data (the test rows among them) equal nnj's ({@code nn predict}'s:
 * the saved scaler, then the network) to 1e-5, relative above 1. {@code nn predict} reads the .onnx file too, and
 * the out-of-tree plugins of specs/custom-plugin.json, which have no ONNX mapping, make the export fail naming the
 * first one.
 */
class OnnxExamplesTest {
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static float[][] ort(byte[] model, Mat x) {
        return ort(model, x, new long[] {x.rows(), x.cols()});
    }

    /** ONNX Runtime on the rows of {@code x} fed as a tensor of {@code dims} ({@code [N, C, H, W]} for images). */
    static float[][] ort(byte[] model, Mat x, long[] dims) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] flat = new float[x.rows() * x.cols()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) x.getFlat(i);
        }
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), dims);
                 OrtSession.Result r = s.run(Map.of("input", t))) {
                return (float[][]) r.get(0).getValue();
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    /** ONNX Runtime on raw rows against nnj's scaler and network; returns the largest relative gap. */
    static double compare(byte[] onnx, Network net, ModelMetadata meta, Mat raw, String what) {
        Mat scaled = Mat.zeros(net.precision(), raw.rows(), raw.cols());
        scaled.copyFrom(raw);
        meta.scaler().ifPresent(s -> s.transformInPlace(scaled));
        Mat want = net.predict(scaled);
        int[] shape = net.inputShape().dims();
        long[] dims = new long[shape.length + 1];
        dims[0] = raw.rows();
        for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
        }
        float[][] got = ort(onnx, raw, dims);
        double worst = 0;
        for (int r = 0; r < want.rows(); r++) {
            for (int c = 0; c < want.cols(); c++) {
                double e = want.get(r, c);
                double gap = Math.abs(e - got[r][c]) / Math.max(1, Math.abs(e));
                worst = Math.max(worst, gap);
                if (!(gap <= TOLERANCE)) {
                    fail(what + ": row " + r + " output " + c + ": nnj " + e + ", ONNX Runtime " + got[r][c]);
                }
            }
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iris, bundled:iris", "digits, bundled:digits", "wine, bundled:wine_data"})
    void bundledSpecsTrainExportAndRunOnOnnxRuntime(String spec, String data) throws Exception {
        Path model = dir.resolve(spec + ".safetensors");
        Path onnx = dir.resolve(spec + ".onnx");
        assertEquals(0, Main.run("train", "--spec", "../specs/" + spec + ".json", "--data", data, "--epochs", "3",
                "--out", model.toString(), "--no-plots"));
        assertEquals(0, Main.run("export", "--model", model.toString(), "--onnx", onnx.toString()));
        LoadedModel lm = ModelFile.load(model, Nets.registry());
        DataSpec ds = lm.spec().data() != null ? lm.spec().data() : DataSpec.defaults();
        Dataset rows = CliData.read(data, ds, Task.CLASSIFICATION, Precision.FLOAT32,
                new CliData.Expect(lm.metadata().classNames(), lm.metadata().featureNames(), lm.network().outputSize()),
                true);
        assertTrue(lm.metadata().scaler().isPresent(), "the spec scales its data");
        compare(Files.readAllBytes(onnx), lm.network(), lm.metadata(), rows.features(), spec);
    }

    @Test
    void nnPredictReadsTheOnnxFileAsItReadsTheModel() throws Exception {
        Path model = dir.resolve("iris.safetensors");
        Path onnx = dir.resolve("iris.onnx");
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5\n");
        assertEquals(0, Main.run("train", "--spec", "../specs/iris.json", "--data", "bundled:iris", "--epochs", "5",
                "--out", model.toString(), "--no-plots"));
        assertEquals(0, Main.run("export", "--model", model.toString(), "--onnx", onnx.toString()));
        String fromModel = capture("predict", "--model", model.toString(), "--input", csv.toString(), "--probabilities");
        String fromOnnx = capture("predict", "--model", onnx.toString(), "--input", csv.toString(), "--probabilities");
        assertEquals(3, fromModel.lines().count(), fromModel);
        assertEquals(fromModel, fromOnnx);
        Path back = dir.resolve("back.safetensors");
        assertEquals(0, Main.run("import", "--onnx", onnx.toString(), "--out", back.toString()));
        assertEquals(fromModel, capture("predict", "--model", back.toString(), "--input", csv.toString(),
                "--probabilities"));
    }

    static String capture(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(old);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fashionMnistOnItsTestSet() throws Exception {
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.exists(data.resolve("t10k-images-idx3-ubyte.gz")),
                "Debian's dataset-fashion-mnist is not installed (scripts/test installs it as root)");
        Path model = dir.resolve("fm.safetensors");
        Path onnx = dir.resolve("fm.onnx");
        assertEquals(0, Main.run("train", "--spec", "../specs/fashion-mnist.json", "--data", data.toString(),
                "--epochs", "1", "--out", model.toString(), "--no-plots"));
        assertEquals(0, Main.run("export", "--model", model.toString(), "--onnx", onnx.toString()));
        LoadedModel lm = ModelFile.load(model, Nets.registry());
        Dataset test = CliData.read(data.toString(), lm.spec().data(), Task.CLASSIFICATION, Precision.FLOAT32,
                new CliData.Expect(lm.metadata().classNames(), lm.metadata().featureNames(), lm.network().outputSize()),
                true);
        assertEquals(10_000, test.size());
        compare(Files.readAllBytes(onnx), lm.network(), lm.metadata(), test.features(), "fashion-mnist");
    }

    /**
     * The fashion-cnn example (specs/fashion-cnn.json, the CNN of torch_cnn.py) after a short run (one epoch on
     * 3,000 training images), saved, exported with {@code nn export}: ONNX Runtime on the 10,000 test images as
     * [N, 1, 28, 28] gives nnj's outputs.
     */
    @Test
    void fashionCnnOnItsTestSet() throws Exception {
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.exists(data.resolve("t10k-images-idx3-ubyte.gz")),
                "Debian's dataset-fashion-mnist is not installed (scripts/test installs it as root)");
        IrisExample.Outcome o = FashionCnnExample.train(1, 3_000, null);
        ModelSpec spec = FashionCnnExample.spec(Nets.registry());
        Path model = dir.resolve("cnn.safetensors");
        Path onnx = dir.resolve("cnn.onnx");
        ModelFile.save(model, o.network(), spec, ModelMetadata.empty());
        assertEquals(0, Main.run("export", "--model", model.toString(), "--onnx", onnx.toString()));
        assertEquals(10_000, o.test().size());
        double worst = compare(Files.readAllBytes(onnx), o.network(), ModelMetadata.empty(), o.test().features(),
                "fashion-cnn");
        System.out.printf("fashion-cnn: largest gap between nnj and ONNX Runtime over 10,000 test images %.2e%n",
                worst);
        // nn predict reads the image rows (784 values each) for the .onnx file as for the model
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 784; c++) {
                csv.append(c == 0 ? "" : ",").append(o.test().features().get(r, c));
            }
            csv.append('\n');
        }
        Path rows = dir.resolve("images.csv");
        Files.writeString(rows, csv);
        String fromModel = capture("predict", "--model", model.toString(), "--input", rows.toString(),
                "--probabilities");
        assertEquals(3, fromModel.lines().count(), fromModel);
        assertEquals(fromModel, capture("predict", "--model", onnx.toString(), "--input", rows.toString(),
                "--probabilities"));
    }

    @Test
    void theWorkedAndXorExamplesInFloat64() {
        ModelSpec worked = new SpecReader(Nets.registry()).read(Path.of("../specs/worked.json"));
        Network w = Network.build(worked.network(), Nets.registry());
        SplittableRandom r = new SplittableRandom(1);
        double[][] rows = new double[100][2];
        for (double[] row : rows) {
            row[0] = r.nextGaussian() * 3;
            row[1] = r.nextGaussian() * 3;
        }
        compare(OnnxExport.toBytes(w, worked, ModelMetadata.empty(), Nets.registry()), w, ModelMetadata.empty(),
                Mat.of(Precision.FLOAT64, rows), "worked");
        Network xor = XorExample.train(7);
        compare(OnnxExport.toBytes(xor, ModelSpec.of(xor.spec()), ModelMetadata.empty(), Nets.registry()), xor,
                ModelMetadata.empty(), Mat.of(Precision.FLOAT64, XorExample.INPUTS), "xor");
    }

    @Test
    void theCustomPluginExampleFailsNamingItsUnmappedPlugin() throws Exception {
        Path classes = Path.of("..", "nn-plugin-example", "target", "classes");
        Assumptions.assumeTrue(Files.isDirectory(classes), "nn-plugin-example is not built");
        PluginRegistry registry = PluginRegistry.discover(new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader()));
        ModelSpec spec = new SpecReader(registry).read(Path.of("../specs/custom-plugin.json"));
        Network net = Network.build(spec.network(), registry);
        PluginException e = assertThrows(PluginException.class,
                () -> OnnxExport.toBytes(net, spec, ModelMetadata.empty(), registry));
        assertTrue(e.getMessage().startsWith("layers[0].activation (swish): the activation plugin \"swish\" ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("has no ONNX mapping"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
