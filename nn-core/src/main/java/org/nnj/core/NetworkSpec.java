package org.nnj.core;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;

/**
 * What a network is made of, by plugin name and parameters: the shape of its input, the layers in order, the
 * loss, the precision and the seed of its initial weights. A saved model stores exactly this, never class names.
 *
 * @param inputShape the shape of one input sample: {@code [4]} for 4 features, {@code [1, 28, 28]} for a
 *                   one-channel 28 x 28 image (channels x height x width; see {@link Shape})
 * @param layers     layer plugins with their parameters, e.g. {@code dense(units=16, activation=tanh)}
 * @param loss       the cost function
 * @param precision  float32 (fast) or float64 (exact)
 * @param seed       seeds the weight initialization (and, by default, shuffling and dropout)
 */
@API(status = API.Status.STABLE)
public record NetworkSpec(Shape inputShape, List<PluginRef> layers, PluginRef loss, Precision precision, long seed) {
    public NetworkSpec {
        Objects.requireNonNull(inputShape, "inputShape");
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        if (layers.isEmpty()) {
            throw new ConfigException("layers", "a network needs at least one layer, got none");
        }
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(precision, "precision");
    }

    /** A network whose input is a flat vector of {@code inputSize} features. */
    public NetworkSpec(int inputSize, List<PluginRef> layers, PluginRef loss, Precision precision, long seed) {
        this(flat(inputSize), layers, loss, precision, seed);
    }

    private static Shape flat(int inputSize) {
        if (inputSize <= 0) {
            throw new ConfigException("input", "the input size must be a positive number of features, got " + inputSize);
        }
        return Shape.flat(inputSize);
    }

    /** Columns of the input: the number of values of one sample, {@code inputShape().size()}. */
    public int inputSize() {
        return inputShape.size();
    }

    public NetworkSpec withPrecision(Precision p) {
        return new NetworkSpec(inputShape, layers, loss, p, seed);
    }

    public NetworkSpec withSeed(long s) {
        return new NetworkSpec(inputShape, layers, loss, precision, s);
    }
}
