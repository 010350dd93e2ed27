package org.nnj.initializers;

import java.util.Set;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.Initializer;

/** {@code zeros}: every weight 0. Draws nothing. The usual choice for biases. */
@API(status = API.Status.STABLE)
public final class Zeros implements Initializer {

    @Override
    public String name() {
        return "zeros";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("zero");
    }

    @Override
    public String description() {
        return "w = 0";
    }

    @Override
    public void initialize(Mat weights, int fanIn, int fanOut, RandomGenerator random) {
        weights.fill(0);
    }

    @Override
    public String toString() {
        return name();
    }
}
