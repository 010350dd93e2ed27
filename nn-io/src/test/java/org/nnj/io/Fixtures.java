package org.nnj.io;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.EarlyStopping;
import org.nnj.core.NetworkSpec;
import org.nnj.core.TrainingSpec;

/** Iris-like data and specs for the model and checkpoint tests. */
final class Fixtures {
    static final int SAMPLES = 120;

    private Fixtures() {
    }

    /** Three seeded Gaussian blobs in 4 dimensions, one-hot targets: {x, y}. */
    static Mat[] blobs(Precision p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[SAMPLES][4];
        double[][] y = new double[SAMPLES][3];
        for (int i = 0; i < SAMPLES; i++) {
            int c = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (j == c ? 2.0 : 0.0) + c * 0.5 + r.nextGaussian() * 0.7;
            }
            y[i][c] = 1;
        }
        return new Mat[] {Mat.of(p, x), Mat.of(p, y)};
    }

    /** 4-16-dropout-3 softmax classifier, Adam, early stopping on the training loss restoring the best weights. */
    static ModelSpec irisLike(Precision p, int epochs) {
        NetworkSpec n = new NetworkSpec(4, List.of(
                PluginRef.of("dense", Map.of("units", 16, "activation", "tanh")),
                PluginRef.of("dropout", Map.of("rate", 0.2)),
                PluginRef.of("dense", Map.of("units", 3, "activation", "softmax"))),
                PluginRef.of("categorical_crossentropy"), p, 7);
        TrainingSpec t = new TrainingSpec(PluginRef.of("adam", Map.of("lr", 0.01)), epochs, 16, true, null,
                null, 0, 0, new EarlyStopping("loss", 100, 0, true), 0, 3);
        return new ModelSpec("iris-like", "", n, t, null);
    }

    static ModelMetadata metadata() {
        return new ModelMetadata(List.of("setosa", "versicolor", "virginica"), List.of("a", "b", "c", "d"),
                "standard", Map.of("mean", new double[] {1, 2, 3, 4}, "std", new double[] {0.5, 1, 1.5, 2}),
                Map.of("trained_by", "test"));
    }
}
