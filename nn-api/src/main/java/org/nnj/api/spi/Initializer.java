package org.nnj.api.spi;

import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * Fills a weight tensor with initial values. Deterministic: the same random stream gives the same values.
 * Implementations are stateless and thread-safe (all randomness comes from the generator passed in).
 */
@API(status = API.Status.STABLE)
public interface Initializer extends Plugin<Initializer> {

    /**
     * Fills {@code weights}, drawing only from {@code random}.
     *
     * @param fanIn  inputs per unit
     * @param fanOut units fed
     */
    void initialize(Mat weights, int fanIn, int fanOut, RandomGenerator random);
}
