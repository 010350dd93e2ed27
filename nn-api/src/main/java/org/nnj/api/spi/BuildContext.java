package org.nnj.api.spi;

import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;

/** What the core gives a {@link Layer} when it builds the layer's runtime. */
@API(status = API.Status.STABLE)
public interface BuildContext {

    /** Width of the layer's input: {@code inputShape().size()}. */
    int inputSize();

    /**
     * The shape of one sample of the layer's input (see {@link Layer}); a flat vector of {@link #inputSize()}
     * values by default, for contexts made before shapes existed.
     */
    @API(status = API.Status.EXPERIMENTAL)
    default Shape inputShape() {
        return Shape.flat(inputSize());
    }

    Precision precision();

    /** Matrix kernels (the core's fast multiply); layers use these rather than writing their own loops. */
    MatOps ops();

    /**
     * Runs the ranges of a layer's own loops (im2col, pooling, normalization) on the threads that compute the
     * matrix products, as {@link Optimizer#newUpdater(int, Precision, Parallelism)} does; {@link Parallelism#SERIAL}
     * by default. Each range must touch only its own elements, so the result does not depend on the threads.
     */
    default Parallelism parallelism() {
        return Parallelism.SERIAL;
    }

    /** Resolves a plugin reference to a configured activation. */
    Activation activation(PluginRef ref);

    /**
     * Resolves an initializer; {@code null} means the default for the activation that follows this layer
     * (He for ReLU, Xavier for tanh and sigmoid; see {@link Activation#defaultInitializer()}).
     */
    Initializer initializer(PluginRef refOrNull);

    /**
     * A random stream owned by the network for this layer's use during training (dropout masks). Its state is
     * saved in checkpoints, so a resumed run draws the same numbers.
     */
    RandomGenerator trainingRandom();

    /** Where this layer sits in the spec, e.g. {@code layers[2]}, for error messages. */
    String path();
}
