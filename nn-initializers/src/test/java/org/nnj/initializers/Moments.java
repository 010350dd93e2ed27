package org.nnj.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;

/** Sample statistics of a large initialized matrix, for the initializers' distribution tests. */
record Moments(double mean, double variance, double min, double max) {
    /** 300 x 200 = 60000 draws: the sample mean is within 5 standard errors and the variance within 4%. */
    static final int ROWS = 300;
    static final int COLS = 200;

    static Moments of(Initializer init, Precision precision, int fanIn, int fanOut, long seed) {
        Mat w = Mat.zeros(precision, ROWS, COLS);
        init.initialize(w, fanIn, fanOut, new SplittableRandom(seed));
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = w.size();
        for (int i = 0; i < n; i++) {
            double v = w.getFlat(i);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = w.getFlat(i) - mean;
            ss += d * d;
        }
        return new Moments(mean, ss / (n - 1), min, max);
    }

    /** Checks the mean and variance against a distribution with the given ones. */
    void assertDistribution(double expectedMean, double expectedVariance, String what) {
        double standardError = Math.sqrt(expectedVariance / (ROWS * COLS));
        assertEquals(expectedMean, mean, 5 * standardError + 1e-12,
                what + ": sample mean " + mean + ", expected " + expectedMean);
        assertEquals(expectedVariance, variance, 0.04 * expectedVariance + 1e-15,
                what + ": sample variance " + variance + ", expected " + expectedVariance);
    }

    /** Checks every value lies in [low, high] and the extremes come close to both ends. */
    void assertWithin(double low, double high, String what) {
        assertTrue(min >= low && max <= high, what + ": values in [" + min + ", " + max + "], expected within ["
                + low + ", " + high + "]");
        double width = high - low;
        assertTrue(min < low + 1e-3 * width && max > high - 1e-3 * width,
                what + ": 60000 uniform draws should reach near both bounds, found [" + min + ", " + max + "]");
    }
}
