package org.nnj.probes;

import java.nio.file.Path;
import org.nnj.api.Precision;
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

    /** The workload's network: 784-256-128-10, ReLU, softmax cross-entropy, float32, seed 42. */
    public static Network mlp() {
        return Nets.network(784).precision(Precision.FLOAT32).seed(42).dense(256, "relu").dense(128, "relu")
                .dense(10, "softmax").loss("categorical_crossentropy").build();
    }
}
