package org.nnj.example.plugins;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.Param;

/**
 * Swish (Ramachandran et al. 2017), or SiLU for {@code beta = 1}: {@code f(z) = z sigma(beta z)} with the
 * logistic {@code sigma}, and {@code f'(z) = s + beta z s (1 - s)} where {@code s = sigma(beta z)}.
 *
 * <p>Name {@code swish}, alias {@code silu}; parameter {@code beta > 0}, default 1. Numerically safe: the
 * logistic is evaluated so that {@code e^x} never overflows, and {@code 1 - s} is computed as
 * {@code sigma(-beta z)}, so neither the function nor the derivative is NaN for any finite input. Bounded below
 * by {@code -0.2784645.../beta} (its minimum, at {@code beta z = -1.2784645...}), unbounded above.
 */
public final class Swish implements ElementwiseActivation {
    /** min over t of t sigma(t), rounded down: at t* = -1.2784645427610737, t* sigma(t*) = t* + 1. */
    private static final double MIN_TIMES_BETA = -0.278464542761074;
    private final double beta;

    public Swish() {
        this(1.0);
    }

    private Swish(double beta) {
        this.beta = beta;
    }

    @Override
    public String name() {
        return "swish";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("silu");
    }

    @Override
    public String description() {
        return "z * sigmoid(beta z) (SiLU for beta = 1), smooth, bounded below";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.real("beta", 1.0, "steepness of the gate sigmoid(beta z)").greaterThan(0));
    }

    @Override
    public Config config() {
        return Config.resolve("", parameters(), Map.of("beta", beta));
    }

    @Override
    public Activation configure(Config config) {
        return new Swish(config.real("beta"));
    }

    @Override
    public double apply(double z) {
        return z * sigmoid(beta * z);
    }

    @Override
    public double derivative(double z) {
        double t = beta * z;
        if (Double.isInfinite(t)) {
            return t > 0 ? 1 : 0;
        }
        double s = sigmoid(t);
        return s + t * s * sigmoid(-t);
    }

    @Override
    public double minOutput() {
        return Math.nextDown(MIN_TIMES_BETA / beta);
    }

    /** The logistic function, without overflow of {@code e^x} for either sign. */
    static double sigmoid(double t) {
        if (t >= 0) {
            return 1 / (1 + Math.exp(-t));
        }
        double e = Math.exp(t);
        return e / (1 + e);
    }
}
