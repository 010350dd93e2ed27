package org.nnj.benchmarks;

import java.util.SplittableRandom;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;

/**
 * The workload of the performance issue built through the framework itself (plugins by name, as a user
 * would): MLP 784-{hidden}-10, ReLU, softmax with categorical cross-entropy, Adam 1e-3, and synthetic
 * mini-batches shaped like Fashion-MNIST's (pixels in [0, 1), one-hot labels of 10 classes). The data's values
 * do not change the amount of work of a dense network.
 */
final class Workload {
    final Network net;
    final Trainer trainer;
    final Mat[] xs;
    final Mat[] ys;
    private int next;

    /**
     * @param batches how many distinct mini-batches to cycle through (so that not every step reads the same,
     *                cache-hot input)
     */
    Workload(Precision precision, int batch, int[] hidden, int batches, long seed) {
        this(precision, batch, hidden, batches, seed, null);
    }

    /** The same with the products on {@code backend} (null: the default {@code cpu} kernels). */
    Workload(Precision precision, int batch, int[] hidden, int batches, long seed, PluginRef backend) {
        Nets.NetworkBuilder b = Nets.network(784).precision(precision).seed(seed).backend(backend);
        for (int h : hidden) {
            b.dense(h, "relu");
        }
        net = b.dense(10, "softmax").loss("categorical_crossentropy").build();
        trainer = new Trainer(net, Nets.train(net).optimizer("adam", "lr", 0.001).batchSize(batch).epochs(1)
                .options());
        SplittableRandom r = new SplittableRandom(seed);
        xs = new Mat[batches];
        ys = new Mat[batches];
        for (int i = 0; i < batches; i++) {
            xs[i] = Mat.zeros(precision, batch, 784);
            ys[i] = Mat.zeros(precision, batch, 10);
            for (int k = 0; k < xs[i].size(); k++) {
                // Like Fashion-MNIST: about half the pixels are background (0).
                xs[i].setFlat(k, r.nextBoolean() ? 0 : r.nextDouble());
            }
            for (int row = 0; row < batch; row++) {
                ys[i].set(row, r.nextInt(10), 1);
            }
        }
    }

    /** One real training step of the framework on the next mini-batch; returns its loss. */
    double step() {
        int i = next;
        next = i + 1 == xs.length ? 0 : i + 1;
        return trainer.step(xs[i], ys[i]);
    }

    static int[] hidden(String spec) {
        String[] parts = spec.split("-");
        int[] h = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            h[i] = Integer.parseInt(parts[i]);
        }
        return h;
    }
}
