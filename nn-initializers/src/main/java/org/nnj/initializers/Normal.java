package org.nnj.initializers;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Param;

/**
 * {@code normal}: {@code w ~ N(mean, std^2)}, element {@code i} = {@code mean + std * z_i} with {@code z_i} the
 * {@code i}-th {@code nextGaussian()} in row-major order. Defaults mean 0, std 0.05 (Keras' {@code RandomNormal}).
 */
@API(status = API.Status.STABLE)
public final class Normal implements Initializer {
    private static final List<Param> PARAMS = List.of(
            Param.real("mean", 0.0, "mean"),
            Param.real("std", 0.05, "standard deviation").atLeast(0));

    private final Config config;
    private final double mean;
    private final double std;

    /** {@code N(0, 0.05^2)}. */
    public Normal() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private Normal(Config config) {
        this.config = config;
        this.mean = config.real("mean");
        this.std = config.real("std");
    }

    /** A {@code normal} initializer with the given raw parameters (validated like a spec file's). */
    public static Normal of(Map<String, ?> params) {
        return new Normal(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "normal";
    }

    @Override
    public String description() {
        return "w ~ N(mean, std^2)";
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
        return new Normal(config);
    }

    @Override
    public void initialize(Mat weights, int fanIn, int fanOut, RandomGenerator random) {
        Fill.normal(weights, mean, std, random);
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
