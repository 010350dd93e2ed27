package org.nnj.initializers;

import java.util.random.RandomGenerator;
import org.nnj.api.Mat;
import org.nnj.api.spi.Initializer;

/**
 * What the Xavier, He and LeCun initializers share: a zero-mean distribution whose standard deviation
 * {@code std} depends on the fans, either normal, {@code N(0, std^2)}, or uniform with the same variance,
 * {@code U[-b, b)} with {@code b = sqrt(3) * std} (as {@code torch.nn.init} computes it).
 */
abstract class FanScaled implements Initializer {
    private static final double SQRT3 = Math.sqrt(3.0);
    private final boolean uniform;

    FanScaled(boolean uniform) {
        this.uniform = uniform;
    }

    /** The standard deviation for these (positive) fans. */
    abstract double std(int fanIn, int fanOut);

    /** The standard deviation for these fans, which must be positive. */
    public final double stdFor(int fanIn, int fanOut) {
        return std(Fill.positive("fanIn", fanIn), Fill.positive("fanOut", fanOut));
    }

    @Override
    public final void initialize(Mat weights, int fanIn, int fanOut, RandomGenerator random) {
        double std = stdFor(fanIn, fanOut);
        if (uniform) {
            double bound = SQRT3 * std;
            Fill.uniform(weights, -bound, bound, random);
        } else {
            Fill.normal(weights, 0, std, random);
        }
    }

    @Override
    public String toString() {
        return name() + config();
    }
}
