/**
 * The built-in activations (sigmoid, relu, tanh, softmax, ...), found by the core through the {@code Activation}
 * SPI.
 */
module org.nnj.activations {
    requires transitive org.nnj.api;
    requires static org.apiguardian.api;
    requires static jdk.incubator.vector;

    exports org.nnj.activations;

    provides org.nnj.api.spi.Activation with
            org.nnj.activations.Sigmoid,
            org.nnj.activations.PiecewiseLinear,
            org.nnj.activations.Gaussian,
            org.nnj.activations.Step,
            org.nnj.activations.Relu,
            org.nnj.activations.LeakyRelu,
            org.nnj.activations.Tanh,
            org.nnj.activations.Identity,
            org.nnj.activations.Softmax,
            org.nnj.activations.Elu,
            org.nnj.activations.Selu,
            org.nnj.activations.Softplus;
}
