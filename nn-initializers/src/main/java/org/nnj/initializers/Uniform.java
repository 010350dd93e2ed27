package org.nnj.initializers;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Param;

/**
 * {@code uniform}: {@code w ~ U[low, high)}, element {@code i} = {@code low + (high - low) * u_i} with {@code u_i}
 * the {@code i}-th {@code nextDouble()} in row-major order. Defaults {@code [-0.05, 0.05)} (Keras'
 * {@code RandomUniform}). In float32 the rounding can reach {@code high} itself.
 */
@API(status = API.Status.STABLE)
public final class Uniform implements Initializer {
    private static final List<Param> PARAMS = List.of(
            Param.real("low", -0.05, "lower bound"),
            Param.real("high", 0.05, "upper bound (greater than low)"));

    private final Config config;
    private final double low;
    private final double high;

    /** {@code U[-0.05, 0.05)}. */
    public Uniform() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private Uniform(Config config) {
        this.config = config;
        this.low = config.real("low");
        this.high = config.real("high");
        if (!(high > low)) {
            throw new ConfigException("high", "expected high > low, found low = " + low + " and high = " + high);
        }
    }

    /** A {@code uniform} initializer with the given raw parameters (validated like a spec file's). */
    public static Uniform of(Map<String, ?> params) {
        return new Uniform(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public String description() {
        return "w ~ U[low, high)";
    }

    @Override
    public List<Param> parameters() {
        return PARAMS;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Initializer configure(Config config) {
        return new Uniform(config);
    }

    @Override
    public void initialize(Mat weights, int fanIn, int fanOut, RandomGenerator random) {
        Fill.uniform(weights, low, high, random);
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
