package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.EarlyStopping;
import org.nnj.core.EpochResult;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingListener;
import org.nnj.core.TrainingOptions;
import org.nnj.core.TrainingResult;
import org.nnj.core.TrainingSpec;
import org.nnj.core.math.Gemm;
import org.nnj.data.Dataset;
import org.nnj.data.Scalers;

/** Training options end to end on the bundled Iris data: validation split, exact resume, early stopping, schedules. */
class TrainingFeaturesTest {

    private static Dataset iris(Precision p) {
        Dataset d = Datasets.iris(p);
        return Scalers.fit("standard", d).transform(d);
    }

    private static Network network(Precision p) {
        return Nets.network(4).dense(16, "relu").layer("dropout", "rate", 0.2).dense(3, "softmax")
                .loss("categorical_crossentropy").precision(p).seed(11).build();
    }

    private static TrainingSpec spec(int epochs) {
        return new TrainingSpec(PluginRef.of("adam", java.util.Map.of("lr", 0.01)), epochs, 16, true, null, null, 0, 0,
                null, 0.2, 0);
    }

    @Test
    void validationSplitHoldsOutAStratifiedFifthAndReportsItsMetrics() {
        Dataset d = iris(Precision.FLOAT32);
        Network net = network(Precision.FLOAT32);
        List<Integer> samples = new ArrayList<>();
        TrainingOptions o = spec(3).options(net, Nets.registry()).listener(new TrainingListener() {
            @Override
            public void onTrainingStart(Network n, int epochs, long batches, int count) {
                samples.add(count);
            }
        }).build();
        TrainingResult r = new Trainer(net, o).fit(d.features(), d.targets());
        assertEquals(List.of(120), samples, "30 of 150 rows (10 per class) are held out");
        assertFalse(Double.isNaN(r.last().validationLoss()));
        assertFalse(Double.isNaN(r.last().validationAccuracy()));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumingFromAMidRunStateEndsWithTheSameWeightsAsAnUninterruptedRun(Precision p) {
        Dataset d = iris(p);
        Network whole = network(p);
        new Trainer(whole, spec(6).options(whole, Nets.registry()).build()).fit(d.features(), d.targets());

        Network first = network(p);
        Trainer[] running = new Trainer[1];
        Trainer.Progress[] at3 = new Trainer.Progress[1];
        Mat[] paramsAt3 = new Mat[1];
        List<Mat> stateAt3 = new ArrayList<>();
        TrainingListener snapshot = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochResult r) {
                if (r.epoch() == 3) {
                    at3[0] = running[0].progress();
                    paramsAt3[0] = copy(first.parameters());
                    running[0].updater().state().forEach(s -> stateAt3.add(copy(s.value())));
                    throw new IllegalStateException("killed after epoch 3");
                }
            }
        };
        Trainer killed = new Trainer(first, spec(6).options(first, Nets.registry()).listener(snapshot).build());
        running[0] = killed;
        assertThrows(IllegalStateException.class, () -> killed.fit(d.features(), d.targets()));

        Network resumed = network(p);
        resumed.parameters().copyFrom(paramsAt3[0]);
        Trainer t2 = new Trainer(resumed, spec(6).options(resumed, Nets.registry()).build());
        for (int i = 0; i < stateAt3.size(); i++) {
            t2.updater().state().get(i).value().copyFrom(stateAt3.get(i));
        }
        assertEquals(3, at3[0].completedEpochs());
        TrainingResult r = t2.resume(d.features(), d.targets(), at3[0]);
        assertEquals(6, r.epochs().size(), "the history holds all six epochs");
        assertEquals(whole.parameters(), resumed.parameters(), "bit-identical to the uninterrupted run");
    }

    @Test
    void batchesGatheredByBothThreadsTrainBitForBitLikeOneThread() {
        // 256 rows of 64 features and 10 targets: enough elements for the trainer to split the gathering of each
        // batch over two threads; with one thread it copies the rows in one loop (so does it for the last batch
        // of 5 rows either way).
        Dataset d = Datasets.digits(Precision.FLOAT32);
        Mat[] params = new Mat[2];
        int before = Gemm.maxThreads();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Gemm.setMaxThreads(threads);
                Network net = Nets.network(64).dense(32, "relu").dense(10, "softmax")
                        .loss("categorical_crossentropy").precision(Precision.FLOAT32).seed(5).build();
                Nets.train(net).optimizer("adam", "lr", 0.01).epochs(2).batchSize(256).seed(9)
                        .fit(d.features(), d.targets());
                params[threads - 1] = copy(net.parameters());
            }
        } finally {
            Gemm.setMaxThreads(before);
        }
        assertEquals(params[0], params[1]);
    }

    private static Mat copy(Mat m) {
        Mat c = Mat.zeros(m.precision(), m.rows(), m.cols());
        c.copyFrom(m);
        return c;
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Dataset d = iris(Precision.FLOAT64);
        Network net = network(Precision.FLOAT64);
        TrainingSpec s = new TrainingSpec(PluginRef.of("sgd", java.util.Map.of("lr", 5.0)), 200, 16, true, null, null, 0,
                0, new EarlyStopping("val_loss", 3, 0.0, true), 0.2, 0);
        List<Mat> weights = new ArrayList<>();
        TrainingResult r = new Trainer(net, s.options(net, Nets.registry()).listener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochResult e) {
                weights.add(copy(net.parameters()));
            }
        }).build()).fit(d.features(), d.targets());
        assertTrue(r.stoppedEarly(), "a huge learning rate stops improving long before 200 epochs");
        int best = 0;
        for (EpochResult e : r.epochs()) {
            if (e.validationLoss() < r.epochs().get(best).validationLoss()) {
                best = e.epoch() - 1;
            }
        }
        assertEquals(best + 1, r.bestEpoch());
        assertEquals(r.bestEpoch() + 3, r.epochs().size(), "stops exactly patience epochs after the best");
        assertEquals(weights.get(best), net.parameters(), "the best epoch's weights are restored");
    }

    @Test
    void aScheduleChangesTheLearningRateTheOptimizerUses() {
        Dataset d = iris(Precision.FLOAT64);
        Network net = network(Precision.FLOAT64);
        TrainingResult r = Nets.train(net).optimizer("sgd", "lr", 0.1).schedule("step", "step_size", 2, "gamma", 0.5)
                .epochs(5).batchSize(150).fit(d.features(), d.targets());
        double[] expected = {0.1, 0.1, 0.05, 0.05, 0.025};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], r.epochs().get(i).learningRate(), 1e-15, "epoch " + (i + 1));
        }
    }

    @Test
    void gradientClippingBoundsTheStepByValueAndByGlobalNorm() {
        Dataset d = iris(Precision.FLOAT64);
        Network byNorm = network(Precision.FLOAT64);
        Mat before = copy(byNorm.parameters());
        Nets.train(byNorm).optimizer("sgd", "lr", 1.0).clipNorm(0.01).epochs(1).batchSize(150)
                .fit(d.features(), d.targets());
        double sq = 0;
        for (int i = 0; i < before.size(); i++) {
            double delta = byNorm.parameters().getFlat(i) - before.getFlat(i);
            sq += delta * delta;
        }
        assertEquals(0.01, Math.sqrt(sq), 1e-6, "one SGD step of lr 1 moves the parameters by the clipped norm");

        Network byValue = network(Precision.FLOAT64);
        Nets.train(byValue).optimizer("sgd", "lr", 1.0).clipValue(0.001).epochs(1).batchSize(150)
                .fit(d.features(), d.targets());
        double largest = 0;
        for (int i = 0; i < before.size(); i++) {
            largest = Math.max(largest, Math.abs(byValue.parameters().getFlat(i) - before.getFlat(i)));
        }
        assertEquals(0.001, largest, 1e-12, "no element moves by more than lr * clip_value");
    }

    @Test
    void theStepActivationIsRefusedForTrainingButWorksForInference() {
        Network net = Nets.network(2).dense(1, "step").loss("quadratic").precision(Precision.FLOAT64).build();
        ConfigException refused = assertThrows(ConfigException.class,
                () -> new Trainer(net, Nets.train(net).options()));
        assertTrue(refused.getMessage().startsWith("layers[0].activation: the activation \"step\" has no useful "
                + "derivative"), refused.getMessage());
        double out = net.predict(1.0, 1.0)[0];
        assertTrue(out == 0.0 || out == 1.0, "the step still predicts 0 or 1: " + out);
    }
}
