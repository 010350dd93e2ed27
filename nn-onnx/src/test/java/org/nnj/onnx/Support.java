package org.nnj.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.nnj.api.Mat;
import org.nnj.core.Nets;
import org.nnj.core.registry.PluginRegistry;

/** Shared helpers: the installed plugins, ONNX Runtime, comparisons. */
final class Support {
    static final PluginRegistry REGISTRY = Nets.registry();
    /** The stated agreement with ONNX Runtime and PyTorch: 1e-5, relative above 1. */
    static final double TOLERANCE = 1e-5;

    private Support() {
    }

    /** Runs an ONNX model on ONNX Runtime: float32 rows in, the first output out. */
    static float[][] ort(byte[] model, double[][] rows) {
        return ort(model, rows, new long[] {rows[0].length});
    }

    /**
     * Runs an ONNX model on ONNX Runtime: float32 rows fed as a tensor {@code [rows, sample...]} (an image model
     * takes {@code [N, C, H, W]}), the first output flattened to one row per sample.
     */
    static float[][] ort(byte[] model, double[][] rows, long[] sample) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = rows.length;
        int d = rows[0].length;
        long[] dims = new long[sample.length + 1];
        dims[0] = n;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        float[] flat = new float[n * d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                flat[r * d + c] = (float) rows[r][c];
            }
        }
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            try (OrtSession s = env.createSession(model, o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), dims);
                 OrtSession.Result res = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                OnnxTensor out = (OnnxTensor) res.get(0);
                FloatBuffer all = out.getFloatBuffer();
                int width = all.remaining() / n;
                float[][] rowsOut = new float[n][width];
                for (float[] r : rowsOut) {
                    all.get(r);
                }
                return rowsOut;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    /** The custom metadata ONNX Runtime reads from the model. */
    static Map<String, String> ortMetadata(byte[] model) {
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions())) {
            return s.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    /** Rows of seeded Gaussian values with the given spread and centre. */
    static double[][] rows(int n, int d, long seed, double centre, double spread) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = centre + spread * r.nextGaussian();
            }
        }
        return x;
    }

    /** Asserts every value agrees to {@link #TOLERANCE} (relative for values above 1); returns the largest gap. */
    static double assertClose(Mat expected, float[][] actual, String what) {
        double worst = 0;
        if (actual.length != expected.rows() || actual[0].length != expected.cols()) {
            fail(what + ": shape " + actual.length + " x " + actual[0].length + ", expected " + expected.rows()
                    + " x " + expected.cols());
        }
        for (int r = 0; r < expected.rows(); r++) {
            for (int c = 0; c < expected.cols(); c++) {
                double e = expected.get(r, c);
                double gap = Math.abs(e - actual[r][c]) / Math.max(1, Math.abs(e));
                worst = Math.max(worst, gap);
                if (!(gap <= TOLERANCE)) {
                    fail(what + ": row " + r + " column " + c + ": nnj " + e + ", other " + actual[r][c]);
                }
            }
        }
        assertTrue(worst <= TOLERANCE);
        return worst;
    }

    static void randomize(org.nnj.core.Network net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Mat p = net.parameters();
        for (int i = 0; i < p.size(); i++) {
            p.setFlat(i, r.nextGaussian() * 0.6);
        }
    }
}
