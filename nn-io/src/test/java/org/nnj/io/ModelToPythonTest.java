package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.core.Network;

/**
 * The other direction of {@link ModelFromPythonTest}: a model nnj writes is read by {@code nn-io/tools/read_model.py}
 * (the standard library and numpy only, from the documented format), which verifies the checksum; every tensor it
 * reads has nnj's name, dtype and values, bit for bit. Skipped when /usr/bin/python3 with numpy is missing.
 */
class ModelToPythonTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Prints what read_model.read found, as JSON: spec name and, per tensor, dtype, shape and every value. */
    private static final String DUMP = "import json, sys\n"
            + "sys.path.insert(0, 'tools')\n"
            + "from read_model import read\n"
            + "meta, t = read(sys.argv[1])\n"
            + "print(json.dumps({'spec': json.loads(meta['spec'])['name'], 'tensors': {k: {'dtype': str(v.dtype),"
            + " 'shape': list(v.shape), 'values': [float(x) for x in v.ravel()]} for k, v in t.items()}}))\n";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Precision.class)
    void pythonReadsEveryTensorOfAnNnjModelWithItsChecksum(Precision precision) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        ModelSpec spec = Fixtures.irisLike(precision, 3);
        Network net = ModelFileTest.trained(spec);
        Path file = dir.resolve("iris-" + precision.id() + ".safetensors");
        ModelFile.save(file, net, spec, Fixtures.metadata());

        Process p = new ProcessBuilder(PYTHON.toString(), "-c", DUMP, file.toString()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        Assumptions.assumeFalse(output.contains("No module named 'numpy'"), "no numpy for /usr/bin/python3");
        assertEquals(0, p.exitValue(), output);

        JsonNode read = new ObjectMapper().readTree(output);
        assertEquals(spec.name(), read.get("spec").asText());
        JsonNode tensors = read.get("tensors");
        assertEquals(net.namedState().size(), tensors.size(), tensors.toString());
        String dtype = precision == Precision.FLOAT32 ? "float32" : "float64";
        for (NamedTensor t : net.namedState()) {
            JsonNode py = tensors.get(t.name());
            assertTrue(py != null, "python did not find " + t.name() + " in " + tensors.toString());
            assertEquals(dtype, py.get("dtype").asText(), t.name());
            assertEquals(t.value().size(), py.get("values").size(), t.name());
            double[] want = t.value().toDoubleArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(py.get("values").get(i)
                        .asDouble()), t.name() + "[" + i + "]");
            }
        }
    }
}
