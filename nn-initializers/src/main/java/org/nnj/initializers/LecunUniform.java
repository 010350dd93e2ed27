package org.nnj.initializers;

import org.apiguardian.api.API;

/**
 * {@code lecun_uniform}: LeCun et al. (1998), {@code w ~ U[-b, b)} with {@code b = sqrt(3) * sqrt(1 / fanIn) =
 * sqrt(3 / fanIn)}, i.e. variance {@code 1 / fanIn}; the choice for SELU. The draws are those of {@code uniform}
 * (see the package documentation).
 */
@API(status = API.Status.STABLE)
public final class LecunUniform extends FanScaled {

    /** The only configuration: no parameters. */
    public LecunUniform() {
        super(true);
    }

    @Override
    double std(int fanIn, int fanOut) {
        return Math.sqrt(1.0 / fanIn);
    }

    @Override
    public String name() {
        return "lecun_uniform";
    }

    @Override
    public String description() {
        return "LeCun uniform: std = sqrt(1 / fan_in)";
    }
}
