package org.nnj.core;

import java.util.List;
import java.util.Objects;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;

/**
 * What a network is made of, by plugin name and parameters: the input width, the layers in order, the loss,
 * the precision and the seed of its initial weights. A saved model stores exactly this, never class names.
 *
 * @param inputSize columns of the input
 * @param layers    layer plugins with their parameters, e.g. {@code dense(units=16, activation=tanh)}
 * @param loss      the cost function
 * @param precision float32 (fast) or float64 (exact)
 * @param seed      seeds the weight initialization (and, by default, shuffling and dropout)
 */
public record NetworkSpec(int inputSize, List<PluginRef> layers, PluginRef loss, Precision precision, long seed) {
    public NetworkSpec {
        if (inputSize <= 0) {
            throw new ConfigException("input", "the input size must be a positive number of features, got " + inputSize);
        }
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        if (layers.isEmpty()) {
            throw new ConfigException("layers", "a network needs at least one layer, got none");
        }
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(precision, "precision");
    }

    public NetworkSpec withPrecision(Precision p) {
        return new NetworkSpec(inputSize, layers, loss, p, seed);
    }

    public NetworkSpec withSeed(long s) {
        return new NetworkSpec(inputSize, layers, loss, precision, s);
    }
}
