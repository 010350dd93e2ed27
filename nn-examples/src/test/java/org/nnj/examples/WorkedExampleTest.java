package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nnj.examples.WorkedExample.Printed;

/**
 * Seed 001's worked example in float64: the forward values match the article to 1e-12; every gradient of the
 * step matches a central difference and an independent hand derivation; every updated value is
 * w - eta * (numerical gradient); every printed value that disagrees is explained, not copied.
 */
class WorkedExampleTest {
    private static WorkedExample.Result result;
    private static Map<String, Printed> printed;

    @BeforeAll
    static void run() {
        result = WorkedExample.compute();
        printed = result.comparison().stream().collect(Collectors.toMap(Printed::symbol, p -> p));
    }

    private static double s(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void forwardValuesMatchTheArticleTo1e12() {
        double[] f = result.forward();
        assertEquals(0.41338242108267, f[0], 1e-12, "h1");
        assertEquals(0.934010990508781, f[1], 1e-12, "h2");
        assertEquals(0.712257432295742, f[2], 1e-12, "a1");
        assertEquals(0.533097573871501, f[3], 1e-12, "a2");
        assertEquals(0.19374977898811957, f[4], 1e-12, "C");
    }

    @Test
    void everyGradientMatchesACentralDifference() {
        double[] a = result.analyticGradient();
        double[] n = result.numericGradient();
        assertEquals(12, a.length);
        for (int i = 0; i < a.length; i++) {
            assertTrue(WorkedExample.relativeError(a[i], n[i]) < 1e-7,
                    "parameter " + i + ": backprop " + a[i] + " vs numerical " + n[i]);
        }
    }

    @Test
    void everyUpdatedValueIsTheParameterMinusEtaTimesTheNumericalGradient() {
        double[] before = result.before();
        double[] after = result.network().parameters().toDoubleArray();
        double[] n = result.numericGradient();
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] - 0.1 * n[i], after[i], 1e-10, "parameter " + i);
        }
    }

    /** The chain rule by hand (seed 001 Eq. 11-15 with sigma'(z) = a(1 - a)), independent of the framework. */
    @Test
    void updatedValuesEqualAnIndependentHandDerivation() {
        double x1 = 2, x2 = 3, y1 = 1.0, y2 = 0.2, eta = 0.1;
        double h1 = s(0.25 + 0.3 * x1 - 0.4 * x2);
        double h2 = s(0.45 + 0.2 * x1 + 0.6 * x2);
        double a1 = s(0.15 + 0.7 * h1 + 0.5 * h2);
        double a2 = s(0.35 - 0.3 * h1 - 0.1 * h2);
        double d1 = 2 * (a1 - y1) * a1 * (1 - a1);
        double d2 = 2 * (a2 - y2) * a2 * (1 - a2);
        double e1 = (0.7 * d1 - 0.3 * d2) * h1 * (1 - h1);
        double e2 = (0.5 * d1 - 0.1 * d2) * h2 * (1 - h2);
        // flat layout: W1 [[w1, w3], [w2, w4]], b1 [b1, b2], W2 [[w5, w7], [w6, w8]], b2 [b3, b4]
        double[] expected = {
            0.3 - eta * e1 * x1, -0.4 - eta * e1 * x2, 0.2 - eta * e2 * x1, 0.6 - eta * e2 * x2,
            0.25 - eta * e1, 0.45 - eta * e2,
            0.7 - eta * d1 * h1, 0.5 - eta * d1 * h2, -0.3 - eta * d2 * h1, -0.1 - eta * d2 * h2,
            0.15 - eta * d1, 0.35 - eta * d2};
        double[] after = result.network().parameters().toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], after[i], 1e-15, "parameter " + i);
        }
    }

    @Test
    void printedValuesThatAgreeAreTheForwardPassAndTheLossGradient() {
        for (String symbol : new String[] {"h1", "h2", "a1", "a2", "C", "dC/da1"}) {
            assertTrue(printed.get(symbol).agrees(), symbol + " should agree: " + printed.get(symbol));
        }
    }

    @Test
    void everyDisagreementIsExplainedAndTheExplanationReproducesThePrintedNumber() {
        for (String symbol : new String[] {"sigma'(z_a1)", "dC/dw5", "w5+", "w6+", "w7+", "b3+", "b4+", "dC/dw1", "w1+"}) {
            Printed p = printed.get(symbol);
            assertFalse(p.agrees(), symbol + " must not be copied from the article");
            assertTrue(p.slipReproduced(), symbol + ": the sigma'(a) slip should reproduce the printed " + p.printed()
                    + ", got " + p.slipValue());
        }
        Printed w8 = printed.get("w8+");
        assertFalse(w8.agrees());
        assertFalse(w8.slipReproduced(), "w8+ is a second slip: not reproduced by the sigma'(a) arithmetic");
        assertEquals(-printed.get("w7+").printed(), w8.printed(), 0, "w8+ is printed as w7+ with a minus sign");
        assertTrue(w8.explanation().contains("copy slip"));
    }

    @Test
    void theAppPrintsTheTraceWithTheArticlesNamesAndFullPrecisionUpdates() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new WorkedExample().run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("z_h1 = b1 + w1*x1 + w3*x2 = 0.25 + 0.3*2.0 + -0.4*3.0 = "), out);
        assertTrue(out.contains("h1 = sigmoid(z_h1) = 0.413382421082669"), out);
        assertTrue(out.contains("delta_z_a1 = dC/dz_a1 = dC/da1 * sigmoid'(z_a1) = -0.57548513540851"), out);
        assertTrue(out.contains("w5+ = " + result.network().parameters().getFlat(6)), out);
        assertTrue(out.contains("w8+ = " + result.network().parameters().getFlat(9)), out);
        assertTrue(out.contains("w8+           printed -0.511867846503068"), out);
        assertTrue(out.contains("DIFFER: a copy slip"), out);
        assertTrue(out.contains("largest relative error"), out);
    }
}
