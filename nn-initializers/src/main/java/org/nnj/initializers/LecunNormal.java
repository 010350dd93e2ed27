package org.nnj.initializers;

import org.apiguardian.api.API;

/**
 * {@code lecun_normal}: LeCun et al. (1998), {@code w ~ N(0, std^2)} with {@code std = sqrt(1 / fanIn)}, i.e.
 * variance {@code 1 / fanIn}; the choice for SELU. Unlike Keras, whose {@code lecun_normal} truncates at two
 * standard deviations, this is the plain normal distribution. The draws are those of {@code normal} (see the
 * package documentation).
 */
@API(status = API.Status.STABLE)
public final class LecunNormal extends FanScaled {

    /** The only configuration: no parameters. */
    public LecunNormal() {
        super(false);
    }

    @Override
    double std(int fanIn, int fanOut) {
        return Math.sqrt(1.0 / fanIn);
    }

    @Override
    public String name() {
        return "lecun_normal";
    }

    @Override
    public String description() {
        return "LeCun normal: std = sqrt(1 / fan_in)";
    }
}
