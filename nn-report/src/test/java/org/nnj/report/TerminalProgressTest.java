package org.nnj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nnj.core.EpochResult;

class TerminalProgressTest {

    @Test
    void offATerminalItWritesOnePlainLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.onTrainingStart(null, 2, 3, 30);
        for (int b = 1; b <= 3; b++) {
            p.onBatchEnd(1, b, 3, 0.5);
        }
        p.onEpochEnd(new EpochResult(1, 0.5, 0.75, Double.NaN, Double.NaN, 0.01, 2.0, 15));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("epoch 1/2: loss 0.5000, accuracy 0.7500, 15 samples/s, 2.00 s" + System.lineSeparator(), out);
    }

    @Test
    void onATerminalItDrawsTheBarInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        p.onTrainingStart(null, 1, 2, 20);
        p.onBatchEnd(1, 1, 2, 1.0);
        p.onBatchEnd(1, 2, 2, 0.5);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\repoch 1/1 ["), out);
        assertTrue(out.contains("] 2/2 loss 0.7500 "), out);
        assertTrue(out.contains("samples/s ETA "), out);
    }
}
