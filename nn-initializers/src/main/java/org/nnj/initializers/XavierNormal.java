package org.nnj.initializers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Param;

/**
 * {@code xavier_normal} (alias {@code glorot_normal}): Glorot and Bengio (2010), as PyTorch's {@code
 * xavier_normal_}: {@code w ~ N(0, std^2)} with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. The default for
 * tanh and sigmoid layers. The draws are those of {@code normal} (see the package documentation).
 */
@API(status = API.Status.STABLE)
public final class XavierNormal extends FanScaled {
    private static final List<Param> PARAMS = List.of(
            Param.real("gain", 1.0, "scale for the activation that follows (torch.nn.init.calculate_gain)")
                    .greaterThan(0));

    private final Config config;
    private final double gain;

    /** Gain 1. */
    public XavierNormal() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private XavierNormal(Config config) {
        super(false);
        this.config = config;
        this.gain = config.real("gain");
    }

    /** An {@code xavier_normal} initializer with the given raw parameters (validated like a spec file's). */
    public static XavierNormal of(Map<String, ?> params) {
        return new XavierNormal(Config.resolve("", PARAMS, params));
    }

    @Override
    double std(int fanIn, int fanOut) {
        return gain * Math.sqrt(2.0 / (fanIn + (double) fanOut));
    }

    @Override
    public String name() {
        return "xavier_normal";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("glorot_normal");
    }

    @Override
    public String description() {
        return "Glorot/Xavier normal: std = gain * sqrt(2 / (fan_in + fan_out))";
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
        return new XavierNormal(config);
    }
}
