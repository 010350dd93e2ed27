package org.nnj.probes;

import java.nio.file.Path;
import org.nnj.api.Precision;
import org.nnj.api.spi.Parallelism;
import org.nnj.api.spi.Updater;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.data.Dataset;
import org.nnj.data.MnistDirectory;

/** What every probe starts from: the Fashion-MNIST training set and the 784-256-128-10 network. */
public final class Probes {
    private Probes() {
    }

    /** The 60,000 training images, float32, from {@code -Dnnj.fashion} (default: Debian's package directory). */
    public static Dataset fashionTrain() throws java.io.IOException {
        return MnistDirectory.train(Path.of(System.getProperty("nnj.fashion", "/usr/share/datasets/fashion-mnist")),
                Precision.FLOAT32);
    }

    /**
     * The workload's network: 784-256-128-10, ReLU, softmax cross-entropy, float32, seed 42; its products on the
     * backend named by {@code -Dnnj.probe.backend} (as for {@code --backend}; default: the built-in kernels).
     */
    public static Network mlp() {
        String backend = System.getProperty("nnj.probe.backend");
        return Nets.network(784).precision(Precision.FLOAT32).seed(42).dense(256, "relu").dense(128, "relu")
                .dense(10, "softmax").loss("categorical_crossentropy")
                .backend(backend == null ? null : org.nnj.core.BackendAB.ref(backend)).build();
    }

    /** The workload's optimizer (Adam, learning rate 0.001) for {@code net}'s parameters, run by {@code parallelism}. */
    public static Updater adam(Network net, Parallelism parallelism) {
        return Nets.train(net).optimizer("adam", "lr", 0.001).options().optimizer()
                .newUpdater(net.parameterCount(), net.precision(), parallelism);
    }
}
