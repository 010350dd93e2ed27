package org.nnj.initializers;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;

/**
 * The two ways the built-in initializers draw, written once: one draw per element in row-major order,
 * computed in double and rounded once to the matrix's precision ({@link F32Fill} and its generated float64 twin).
 */
final class Fill {
    private Fill() {
    }

    /** Element {@code i} = {@code low + (high - low) * random.nextDouble()}, the {@code i}-th draw. */
    static void uniform(Mat w, double low, double high, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        double width = high - low;
        int n = w.size();
        if (w instanceof F32Mat m) {
            F32Fill.uniform(m.data(), m.offset(), n, low, width, random);
        } else {
            F64Mat m = (F64Mat) w;
            F64Fill.uniform(m.data(), m.offset(), n, low, width, random);
        }
    }

    /** Element {@code i} = {@code mean + std * random.nextGaussian()}, the {@code i}-th draw. */
    static void normal(Mat w, double mean, double std, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        int n = w.size();
        if (w instanceof F32Mat m) {
            F32Fill.normal(m.data(), m.offset(), n, mean, std, random);
        } else {
            F64Mat m = (F64Mat) w;
            F64Fill.normal(m.data(), m.offset(), n, mean, std, random);
        }
    }

    /** {@code fan}, checked to be positive; {@code what} names it in the message. */
    static int positive(String what, int fan) {
        if (fan <= 0) {
            throw new IllegalArgumentException(what + " must be > 0 to scale the initial weights, got " + fan);
        }
        return fan;
    }
}
