package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.core.Network;

/** The learning targets of the foundation issue, with fixed seeds. */
class BundledExamplesTest {

    @Test
    void xorIsLearnedCompletely() {
        Network net = XorExample.train(7);
        int[] predicted = net.predictClasses(Mat.of(Precision.FLOAT64, XorExample.INPUTS));
        assertArrayEquals(new int[] {0, 1, 1, 0}, predicted);
        assertEquals(1.0, net.evaluate(Mat.of(Precision.FLOAT64, XorExample.INPUTS),
                Mat.of(Precision.FLOAT64, XorExample.TARGETS)).accuracy());
    }

    @Test
    void irisReachesAtLeast095OnAStratifiedHeldOutSplit() {
        IrisExample.Outcome o = IrisExample.train(null);
        assertEquals(45, o.test().size(), "30% of 150, stratified");
        assertTrue(o.evaluation().accuracy() >= 0.95, "test accuracy " + o.evaluation().accuracy());
    }

    @Test
    void digitsReachAtLeast097WithAdam() {
        IrisExample.Outcome o = DigitsExample.train("adam", null);
        assertEquals(359, o.test().size(), "20% of 1797, stratified");
        assertTrue(o.evaluation().accuracy() >= 0.97, "Adam test accuracy " + o.evaluation().accuracy());
    }

    @Test
    void digitsReachAtLeast097WithSgdAndMomentum() {
        IrisExample.Outcome o = DigitsExample.train("sgd", null);
        assertTrue(o.evaluation().accuracy() >= 0.97, "SGD+momentum test accuracy " + o.evaluation().accuracy());
    }

    @Test
    void theSameSeedGivesABitIdenticalRun() {
        Network a = IrisExample.train(null).network();
        Network b = IrisExample.train(null).network();
        assertEquals(a.parameters(), b.parameters());
    }
}
