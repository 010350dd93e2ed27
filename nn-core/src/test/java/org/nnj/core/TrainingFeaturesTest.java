package org.nnj.core;

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
import org.nnj.core.fixtures.Blobs;
import org.nnj.data.Dataset;
import org.nnj.data.Scalers;

/**
 * Training options end to end with the real plugins on an Iris-sized set (150 rows, 4 features, 3 balanced
 * classes): validation split, exact resume, schedules, an activation refused for training.
 */
class TrainingFeaturesTest {

    private static Dataset iris(Precision p) {
        Dataset d = Blobs.of(p, 3, 50, 4, 5);
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

    private static Mat copy(Mat m) {
        Mat c = Mat.zeros(m.precision(), m.rows(), m.cols());
        c.copyFrom(m);
        return c;
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
