package org.nnj.initializers;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Param;

/** {@code constant}: every weight {@code value}. Draws nothing. */
@API(status = API.Status.STABLE)
public final class Constant implements Initializer {
    private static final List<Param> PARAMS = List.of(Param.real("value", 0.0, "the value of every weight"));

    private final Config config;
    private final double value;

    /** Every weight 0. */
    public Constant() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private Constant(Config config) {
        this.config = config;
        this.value = config.real("value");
    }

    /** A {@code constant} initializer with the given raw parameters (validated like a spec file's). */
    public static Constant of(Map<String, ?> params) {
        return new Constant(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "constant";
    }

    @Override
    public String description() {
        return "w = value";
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
        return new Constant(config);
    }

    @Override
    public void initialize(Mat weights, int fanIn, int fanOut, RandomGenerator random) {
        weights.fill(value);
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
