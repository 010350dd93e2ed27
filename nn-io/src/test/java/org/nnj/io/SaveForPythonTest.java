package org.nnj.io;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nnj.api.Precision;
import org.nnj.core.Network;

/** Writes sample files for {@code nn-io/tools/read_model.py}; runs only with {@code -Dnnj.python.out=DIR}. */
class SaveForPythonTest {
    @Test
    @EnabledIfSystemProperty(named = "nnj.python.out", matches = ".+")
    void writeSamples() {
        Path dir = Path.of(System.getProperty("nnj.python.out"));
        for (Precision p : Precision.values()) {
            ModelSpec spec = Fixtures.irisLike(p, 3);
            Network net = ModelFileTest.trained(spec);
            ModelFile.save(dir.resolve("iris-" + p.id() + ".safetensors"), net, spec, Fixtures.metadata());
        }
    }
}
