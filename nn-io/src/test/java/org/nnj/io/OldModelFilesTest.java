package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.core.Nets;

/**
 * Model files written by earlier releases still load and predict what they predicted then. {@code
 * golden/iris-a2779b3.safetensors} was written by {@code ./nn train --spec specs/iris.json --data bundled:iris}
 * at commit a2779b3 (before the core's reorganization); the expected outputs are what that commit's code
 * predicted for these rows (as float32 hex). A later change of kernels may change the last bits of a float32
 * sum, not more.
 */
class OldModelFilesTest {
    private static final double[][] ROWS = {{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}, {5.9, 3.0, 4.2, 1.5},
        {-1, 0, 2.5, 10}, {0, 0, 0, 0}};
    private static final String[][] EXPECTED = {
        {"0x1.ff73e2p-1", "0x1.183a58p-10", "0x1.e1276ep-37"},
        {"0x1.84bb86p-26", "0x1.dfea8ap-12", "0x1.ffc402p-1"},
        {"0x1.184d02p-13", "0x1.ffcaf8p-1", "0x1.1c1acap-12"},
        {"0x1.0b18bep-29", "0x1.2378cep-17", "0x1.fffedcp-1"},
        {"0x1.ff33a4p-1", "0x1.98b3e2p-10", "0x1.402332p-24"}};

    @Test
    void aModelWrittenBeforeTheCoreWasReorganizedLoadsAndPredictsAsItDid() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/golden/iris-a2779b3.safetensors").toURI());
        LoadedModel m = ModelFile.load(file, Nets.registry());
        assertEquals(List.of("setosa", "versicolor", "virginica"), m.metadata().classNames());
        assertEquals("standard", m.metadata().scalerName());
        Mat x = Mat.zeros(Precision.FLOAT32, ROWS.length, 4);
        for (int r = 0; r < ROWS.length; r++) {
            for (int c = 0; c < 4; c++) {
                x.set(r, c, ROWS[r][c]);
            }
        }
        m.metadata().scaler().orElseThrow().transformInPlace(x);
        Mat out = m.network().predict(x);
        for (int r = 0; r < ROWS.length; r++) {
            for (int c = 0; c < 3; c++) {
                double expected = Float.parseFloat(EXPECTED[r][c]);
                assertEquals(expected, out.get(r, c), 1e-5 * Math.abs(expected), "row " + r + ", class " + c);
            }
        }
    }
}
