package org.nnj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.onnx.Support.REGISTRY;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.Network;
import org.nnj.io.ModelSpec;

/**
 * The ONNX project's own checker, {@code onnx.checker.check_model(model, full_check=True)} (with shape inference),
 * accepts every exported file: each built-in activation in float32 and float64 networks, and the convolutional
 * networks of {@link OnnxCnnExportTest} (every image layer; windows per axis). Runs where Debian's
 * {@code python3-onnx} is installed ({@code /usr/bin/python3 -c "import onnx"} works; scripts/test installs it as
 * root), and is skipped, saying so, elsewhere.
 */
class OnnxCheckerTest {
    static final String PYTHON = "/usr/bin/python3";
    static final String CHECK = "import sys, onnx\n"
            + "for p in sys.argv[1:]:\n"
            + "    onnx.checker.check_model(onnx.load(p), full_check=True)\n"
            + "    print('ok', p)\n";

    static boolean onnxInstalled() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import onnx").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void theOnnxCheckerAcceptsEveryExportedFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onnxInstalled(), "python3-onnx is not installed: " + PYTHON + " -c \"import onnx\" fails");
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", CHECK));
        int i = 0;
        for (PluginRef a : OnnxExportTest.activations()) {
            for (Precision p : Precision.values()) {
                ModelSpec spec = OnnxExportTest.spec(a, p);
                Network net = Network.build(spec.network(), REGISTRY);
                Path f = dir.resolve("m" + i++ + "-" + a.name() + ".onnx");
                OnnxExport.save(f, net, spec, OnnxExportTest.metadata(), REGISTRY);
                cmd.add(f.toString());
            }
        }
        for (int k = 0; k < OnnxCnnExportTest.networks().size(); k++) {
            for (Precision p : Precision.values()) {
                ModelSpec spec = OnnxCnnExportTest.spec(k, p);
                Path f = dir.resolve("m" + i++ + "-cnn" + k + ".onnx");
                OnnxExport.save(f, OnnxCnnExportTest.network(spec, k), spec, OnnxCnnExportTest.metadata(), REGISTRY);
                cmd.add(f.toString());
            }
        }
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(300, TimeUnit.SECONDS), "the checker did not finish");
        assertEquals(0, proc.exitValue(), out);
        assertEquals(i, out.lines().filter(l -> l.startsWith("ok ")).count(), out);
        assertTrue(Files.exists(dir.resolve("m0-identity.onnx")));
    }
}
