package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.Mat;
import org.nnj.api.Precision;

/**
 * A model written by {@code nn-io/tools/write_model.py}, a Python script that uses only the documented format
 * (safetensors layout, metadata entries and the checksum's definition), loads: the format's documentation is
 * enough to write a model, not only to read one. Skipped when /usr/bin/python3 is not installed.
 */
class ModelFromPythonTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    @Test
    void aModelWrittenFromTheDocumentedFormatByPythonLoadsAndPredicts() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        Path model = dir.resolve("from-python.safetensors");
        Process p = new ProcessBuilder(PYTHON.toString(), Path.of("tools", "write_model.py").toString(),
                model.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), output);

        LoadedModel lm = ModelFile.load(model, TestSupport.REGISTRY);
        assertEquals(List.of("left", "right"), lm.metadata().classNames());
        assertEquals(List.of("x", "y"), lm.metadata().featureNames());
        double[][] w0 = {{0.1, -0.2}, {0.3, 0.4}, {-0.5, 0.6}};
        double[] b0 = {0.01, 0.02, 0.03};
        double[][] w1 = {{0.7, -0.8, 0.9}, {-1.0, 1.1, -1.2}};
        double[] b1 = {0.0, 0.5};
        double[] x = {0.25, -1.5};
        double[] h = new double[3];
        for (int j = 0; j < 3; j++) {
            h[j] = Math.tanh(w0[j][0] * x[0] + w0[j][1] * x[1] + b0[j]);
        }
        double[] z = new double[2];
        for (int j = 0; j < 2; j++) {
            z[j] = w1[j][0] * h[0] + w1[j][1] * h[1] + w1[j][2] * h[2] + b1[j];
        }
        double max = Math.max(z[0], z[1]);
        double e0 = Math.exp(z[0] - max);
        double e1 = Math.exp(z[1] - max);
        Mat out = lm.network().predict(Mat.of(Precision.FLOAT64, new double[][] {x}));
        assertEquals(e0 / (e0 + e1), out.get(0, 0), 1e-12);
        assertEquals(e1 / (e0 + e1), out.get(0, 1), 1e-12);
    }
}
