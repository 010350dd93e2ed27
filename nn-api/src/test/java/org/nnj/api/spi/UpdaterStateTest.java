package org.nnj.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;

class UpdaterStateTest {
    @Test
    void tensorsAreTheStepCounterThenTheArraysAtTheirInitialValuesBeforeAnyUpdate() {
        UpdaterState s = new UpdaterState(3, Precision.FLOAT32, List.of("sum", "buf"), 0.5, 0);
        List<NamedTensor> t = s.tensors();
        assertEquals(List.of("step", "sum", "buf"), t.stream().map(NamedTensor::name).toList());
        assertEquals(Precision.FLOAT64, t.get(0).value().precision());
        assertEquals(1, t.get(0).value().size());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, t.get(1).value().toDoubleArray());
        assertEquals(Precision.FLOAT32, t.get(1).value().precision());
        assertEquals(0, s.steps());
    }

    @Test
    void nextCountsUpdatesFromOneAndRestoredCountersContinue() {
        UpdaterState s = new UpdaterState(2, Precision.FLOAT64, List.of("m"), 0);
        Mat p = new F64Mat(1, 2);
        assertEquals(1, s.next(p, p, 0.1));
        assertEquals(2, s.next(p, p, 0.1));
        assertEquals(2, s.steps());
        s.tensors().get(0).value().setFlat(0, 41);   // as a checkpoint restores it
        assertEquals(42, s.next(p, p, 0.1));
        s.doubles(0)[1] = 7;
        s.reset();
        assertEquals(0, s.steps());
        assertArrayEquals(new double[] {0, 0}, s.doubles(0));
        assertTrue(s.tensors().get(1).value().toDoubleArray()[1] == 0, "the views see the arrays");
    }

    @Test
    void wrongSizesPrecisionsAndLearningRatesAreRefused() {
        UpdaterState s = new UpdaterState(2, Precision.FLOAT64, List.of(), new double[0]);
        Mat p = new F64Mat(1, 2);
        assertEquals("optimizer update: expected grads of 1 x 2 elements, got 1 x 3",
                assertThrows(ShapeException.class, () -> s.next(p, new F64Mat(1, 3), 0.1)).getMessage());
        assertEquals("optimizer update: this updater was made for float64 parameters, got params in float32",
                assertThrows(IllegalArgumentException.class, () -> s.next(new F32Mat(1, 2), p, 0.1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.next(p, p, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> s.next(p, p, -1));
        assertEquals(0, s.steps(), "a refused update is not counted");
    }

    @Test
    void namesMustBeDistinctAndLeaveStepToTheCounter() {
        assertThrows(IllegalArgumentException.class, () -> new UpdaterState(1, Precision.FLOAT32, List.of("step"), 0));
        assertThrows(IllegalArgumentException.class, () -> new UpdaterState(1, Precision.FLOAT32, List.of("a", "a"), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new UpdaterState(1, Precision.FLOAT32, List.of("a"), 0, 0));
        assertThrows(IllegalStateException.class, () -> new UpdaterState(1, Precision.FLOAT32, List.of("a"), 0).doubles(0));
    }
}
