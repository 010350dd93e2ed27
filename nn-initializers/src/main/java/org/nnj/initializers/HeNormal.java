package org.nnj.initializers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Param;

/**
 * {@code he_normal} (alias {@code kaiming_normal}): He et al. (2015), as PyTorch's {@code kaiming_normal_}: {@code
 * w ~ N(0, std^2)} with {@code std = gain / sqrt(fan)}, where {@code gain = sqrt(2 / (1 + a^2))} with {@code a =
 * negative_slope} (so {@code sqrt(2)} for ReLU, the default) and {@code fan} is {@code fanIn} (default, preserves
 * the forward variance) or {@code fanOut} ({@code mode = fan_out}, preserves the backward variance). The default
 * for ReLU layers. The draws are those of {@code normal} (see the package documentation).
 */
@API(status = API.Status.STABLE)
public final class HeNormal extends FanScaled {
    private static final List<Param> PARAMS = List.of(
            Param.real("negative_slope", 0.0, "slope a of a leaky ReLU for x < 0 (0 for ReLU)").atLeast(0),
            Param.string("mode", "fan_in", List.of("fan_in", "fan_out"), "which fan scales the variance"));

    private final Config config;
    private final double gain;
    private final boolean fanOut;

    /** For ReLU, scaled by the fan-in. */
    public HeNormal() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private HeNormal(Config config) {
        super(false);
        this.config = config;
        double a = config.real("negative_slope");
        this.gain = Math.sqrt(2.0 / (1 + a * a));
        this.fanOut = "fan_out".equals(config.string("mode"));
    }

    /** A {@code he_normal} initializer with the given raw parameters (validated like a spec file's). */
    public static HeNormal of(Map<String, ?> params) {
        return new HeNormal(Config.resolve("", PARAMS, params));
    }

    @Override
    double std(int fanIn, int fanOut) {
        return gain / Math.sqrt(this.fanOut ? fanOut : fanIn);
    }

    @Override
    public String name() {
        return "he_normal";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("kaiming_normal");
    }

    @Override
    public String description() {
        return "He/Kaiming normal: std = sqrt(2 / (1 + negative_slope^2)) / sqrt(fan)";
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
        return new HeNormal(config);
    }
}
