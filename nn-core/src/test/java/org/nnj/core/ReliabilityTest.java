package org.nnj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.nnj.api.TrainingException;
import org.nnj.core.fixtures.Blobs;
import org.nnj.data.Dataset;

/** Concurrency of inference, and training faults that must stop with a message naming where. */
class ReliabilityTest {

    @Test
    void eightThreadsMakingTenThousandPredictionsEachGetTheSingleThreadedResults() throws Exception {
        Dataset test = Blobs.of(Precision.FLOAT32, 3, 50, 4, 7);
        Network net = Nets.network(4).dense(16, "tanh").dense(3, "softmax").loss("categorical_crossentropy").seed(3)
                .build();
        Nets.train(net).optimizer("adam", "lr", 0.01).epochs(20).batchSize(16).seed(3)
                .fit(test.features(), test.targets());
        int rows = test.size();
        double[][] inputs = new double[rows][];
        double[][] expected = new double[rows][];
        for (int r = 0; r < rows; r++) {
            inputs[r] = test.features().rowToDoubleArray(r);
            expected[r] = net.predict(inputs[r]);
        }
        Mat batchExpected = net.predict(test.features());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 10_000; i++) {
                        int r = (i * 31 + seed * 7) % rows;
                        assertArrayEquals(expected[r], net.predict(inputs[r]), "row " + r);
                        if (i % 1000 == 0) {
                            assertEquals(batchExpected, net.predict(test.features()), "batch prediction");
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : futures) {
                assertEquals(10_000, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNaNLossStopsTrainingNamingEpochAndBatch() {
        Network net = Nets.network(2).dense(4, "tanh").dense(1, "identity").loss("mse")
                .precision(Precision.FLOAT64).build();
        Mat x = Mat.of(Precision.FLOAT64, new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{1}, {2}, {Double.NaN}, {4}});
        TrainingException e = assertThrows(TrainingException.class,
                () -> Nets.train(net).optimizer("sgd", "lr", 0.01).epochs(3).batchSize(2).seed(1).fit(x, y));
        assertTrue(e.getMessage().matches("the loss became NaN in epoch 1, batch [12] .*"), e.getMessage());
    }

    @Test
    void aNaNGradientStopsTrainingNamingTheLayerAndKeepsTheLastGoodParameters() {
        Network net = Nets.network(2).dense(3, "tanh").layer("poison", "after", 5).dense(1, "identity").loss("mse")
                .precision(Precision.FLOAT64).build();
        Mat x = Mat.of(Precision.FLOAT64, new double[][] {{1, 2}, {3, 4}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{1}, {2}});
        List<Mat> afterEachEpoch = new ArrayList<>();
        TrainingException e = assertThrows(TrainingException.class, () -> Nets.train(net).optimizer("sgd", "lr", 0.01)
                .epochs(10).batchSize(1).listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, long batch, long batches, double loss) {
                        Mat c = Mat.zeros(Precision.FLOAT64, 1, net.parameterCount());
                        c.copyFrom(net.parameters());
                        afterEachEpoch.add(c);
                    }
                }).fit(x, y));
        assertEquals("a gradient of layers[1] (poison) became NaN in epoch 3, batch 2 (step 5); the parameters hold "
                + "the last finite step's values. Lower the learning rate, clip gradients, or check the data",
                e.getMessage());
        assertEquals(afterEachEpoch.get(afterEachEpoch.size() - 1), net.parameters(),
                "nothing was updated with the bad gradient");
    }

    @Test
    void wrongShapesFailAtOnceWithBothShapes() {
        Network net = Nets.network(4).dense(3, "softmax").loss("categorical_crossentropy").build();
        ShapeException e = assertThrows(ShapeException.class, () -> net.predict(Mat.zeros(Precision.FLOAT32, 2, 5)));
        assertEquals("predict: the network takes 4 input columns, got a 2 x 5 matrix", e.getMessage());
        ShapeException t = assertThrows(ShapeException.class, () -> Nets.train(net).epochs(1)
                .fit(Mat.zeros(Precision.FLOAT32, 2, 4), Mat.zeros(Precision.FLOAT32, 2, 2)));
        assertEquals("fit: expected targets of 2 x 3 (one row per input row, one column per network output), got 2 x 2",
                t.getMessage());
        assertThrows(ShapeException.class, () -> net.predict(1.0, 2.0));
    }
}
