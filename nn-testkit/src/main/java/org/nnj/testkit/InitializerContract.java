package org.nnj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.PluginKind;

/**
 * The conformance suite every {@link Initializer} test extends: supply the plugin and its stable name, and
 * optionally {@link #parameterVariants() parameter variants}; everything {@link PluginContract} checks (name,
 * parameters, configuration round trip, out-of-range values, discovery) comes with it.
 *
 * <p>What it adds, for the defaults and for every variant, over several shapes and fans (1 x 1 up to 31 x 17):
 * <ul>
 *   <li>one seed gives one result: the same generator state gives bit-identical weights, in both precisions;</li>
 *   <li>the precision does not change what is drawn: float32 weights are the float64 ones rounded to float;</li>
 *   <li>every element of the view is written with a finite value, nothing outside the view is touched (views
 *       at an offset inside a larger array);</li>
 *   <li>a {@link #isRandom random} initializer gives different weights for different seeds; one that is not
 *       draws nothing from the generator.</li>
 * </ul>
 * Statistics (mean, variance, bounds) are the plugin's own tests: they depend on the distribution.
 */
@API(status = API.Status.STABLE)
public abstract class InitializerContract extends PluginContract<Initializer> {
    private static final int[][] SHAPES = {{1, 1}, {1, 7}, {7, 1}, {31, 17}};

    /** A fresh instance of the initializer under test, with default parameters. */
    protected abstract Initializer initializer();

    /** The name saved models refer to; it must never change. */
    protected abstract String expectedName();

    /** Whether {@code initializer} draws random numbers (true by default; false for constants). */
    protected boolean isRandom(Initializer initializer) {
        return true;
    }

    @Override
    protected final Initializer plugin() {
        return initializer();
    }

    @Override
    protected final PluginKind<Initializer> kind() {
        return PluginKind.INITIALIZER;
    }

    /** The same seed gives the same weights, bit for bit, in both precisions. */
    @Override
    protected void assertSameBehaviour(Initializer expected, Initializer actual, ContractFailures failures) {
        for (Precision precision : Precision.values()) {
            Mat a = fill(expected, precision, 31, 17, 5);
            Mat b = fill(actual, precision, 31, 17, 5);
            int i = Mats.firstDifference(a.toDoubleArray(), b.toDoubleArray());
            if (i >= 0) {
                failures.add(precision.id() + " element " + i + " is " + b.getFlat(i) + ", expected " + a.getFlat(i));
            }
        }
    }

    @Test
    public void nameIsTheExpectedOne() {
        assertEquals(expectedName(), initializer().name(), "name of " + initializer().getClass().getName()
                + " (saved models refer to it, so it must not change)");
    }

    @Test
    public void oneSeedGivesOneResultInEitherPrecision() {
        ContractFailures failures = new ContractFailures(describe(initializer()));
        for (Initializer init : instances()) {
            for (int[] shape : SHAPES) {
                Mat d1 = fill(init, Precision.FLOAT64, shape[0], shape[1], 42);
                Mat d2 = fill(init, Precision.FLOAT64, shape[0], shape[1], 42);
                Mat f1 = fill(init, Precision.FLOAT32, shape[0], shape[1], 42);
                Mat f2 = fill(init, Precision.FLOAT32, shape[0], shape[1], 42);
                String where = init + " on " + shape[0] + " x " + shape[1] + ": ";
                if (!d1.equals(d2)) {
                    failures.add(where + "float64 weights differ between two runs with seed 42");
                }
                if (!f1.equals(f2)) {
                    failures.add(where + "float32 weights differ between two runs with seed 42");
                }
                for (int i = 0; i < d1.size(); i++) {
                    if (Float.compare((float) d1.getFlat(i), (float) f1.getFlat(i)) != 0) {
                        failures.add(where + "element " + i + " is " + f1.getFlat(i) + " in float32 but "
                                + d1.getFlat(i) + " in float64; the precision must not change what is drawn");
                        break;
                    }
                }
            }
        }
        failures.assertNone("determinism");
    }

    @Test
    public void writesEveryElementOfTheViewAndNothingElse() {
        ContractFailures failures = new ContractFailures(describe(initializer()));
        for (Initializer init : instances()) {
            for (Precision precision : Precision.values()) {
                for (int[] shape : SHAPES) {
                    int n = shape[0] * shape[1];
                    Mat big = Mat.zeros(precision, 1, n + 8);
                    big.fill(Double.NaN);
                    Mat view = view(big, 3, shape[0], shape[1]);
                    init.initialize(view, shape[1], shape[0], generator(7));
                    for (int i = 0; i < big.size(); i++) {
                        double v = big.getFlat(i);
                        boolean inside = i >= 3 && i < 3 + n;
                        if (inside && !Double.isFinite(v)) {
                            failures.add(init + " " + precision.id() + " " + shape[0] + " x " + shape[1]
                                    + ": element " + (i - 3) + " is " + v + " after initialize");
                        } else if (!inside && !Double.isNaN(v)) {
                            failures.add(init + " " + precision.id() + ": wrote " + v + " at index " + i
                                    + " of the backing array, outside the view [3, " + (3 + n) + ")");
                        }
                    }
                }
            }
        }
        failures.assertNone("fills exactly its view");
    }

    @Test
    public void seedsMatterExactlyWhenRandom() {
        ContractFailures failures = new ContractFailures(describe(initializer()));
        for (Initializer init : instances()) {
            if (isRandom(init)) {
                Mat a = fill(init, Precision.FLOAT64, 31, 17, 1);
                Mat b = fill(init, Precision.FLOAT64, 31, 17, 2);
                if (a.equals(b)) {
                    failures.add(init + " gave the same weights for seeds 1 and 2");
                }
            } else {
                RandomGenerator used = generator(3);
                init.initialize(Mat.zeros(Precision.FLOAT64, 31, 17), 17, 31, used);
                if (used.nextLong() != generator(3).nextLong()) {
                    failures.add(init + " is declared not random but drew from the generator");
                }
            }
        }
        failures.assertNone("use of the random generator");
    }

    /** A {@code rows x cols} matrix filled by {@code init} with fan-in {@code cols} and fan-out {@code rows}. */
    protected static Mat fill(Initializer init, Precision precision, int rows, int cols, long seed) {
        Mat m = Mat.zeros(precision, rows, cols);
        init.initialize(m, cols, rows, generator(seed));
        return m;
    }

    /** The generator the contract uses: {@link SplittableRandom} with the given seed. */
    protected static RandomGenerator generator(long seed) {
        return new SplittableRandom(seed);
    }

    private static Mat view(Mat big, int offset, int rows, int cols) {
        if (big instanceof F32Mat f) {
            return new F32Mat(f.data(), offset, rows, cols);
        }
        F64Mat d = (F64Mat) big;
        return new F64Mat(d.data(), offset, rows, cols);
    }
}
