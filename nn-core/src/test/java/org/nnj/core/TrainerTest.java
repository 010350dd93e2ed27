package org.nnj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.nnj.api.TrainingException;
import org.nnj.api.spi.Optimizer;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.SplitMix;

/**
 * The trainer's one path: a step is {@code computeGradient} then {@code applyGradient}; the parts of a batch sum
 * to its gradient (what data-parallel training relies on); the gradient pipeline adds penalties once, checks
 * finiteness and clips; fit repeats itself and resumes exactly; the validation split is stratified; the facade
 * resolves names in the network's own registry. On nn-core's test plugins (affine, test_logistic, half_square,
 * plain_sgd in {@code org.nnj.core.fixtures}).
 */
class TrainerTest {
    private static final int ROWS = 24;

    private static Network net(long seed, double l2) {
        return Nets.network(5).layer("affine", "units", 7, "activation", "test_logistic", "l2", l2)
                .layer("affine", "units", 3).loss("half_square").precision(Precision.FLOAT64).seed(seed).build();
    }

    private static Mat data(int rows, int cols, long seed) {
        SplitMix r = new SplitMix(seed);
        Mat m = Mat.zeros(Precision.FLOAT64, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, r.nextDouble() * 2 - 1);
        }
        return m;
    }

    private static double[] params(Network n) {
        return n.parameters().toDoubleArray();
    }

    @Test
    void aStepIsComputeGradientThenApplyGradient() {
        Network a = net(1, 1e-3);
        Network b = net(1, 1e-3);
        Trainer ta = new Trainer(a, Nets.train(a).optimizer("plain_sgd", "lr", 0.3).clipNorm(0.5).options());
        Trainer tb = new Trainer(b, Nets.train(b).optimizer("plain_sgd", "lr", 0.3).clipNorm(0.5).options());
        Mat x = data(ROWS, 5, 2);
        Mat y = data(ROWS, 3, 3);
        for (int i = 0; i < 5; i++) {
            double la = ta.step(x, y);
            double lb = tb.computeGradient(x, y);
            lb += tb.applyGradient(b.gradients(), 0, 1);
            assertEquals(la, lb, 0, "loss of step " + i);
        }
        assertArrayEquals(params(a), params(b), "parameters after 5 steps");
        assertEquals(5, tb.stepCount());
    }

    @Test
    void thePartsOfABatchSumToItsGradientAndApplyLikeTheWholeStep() {
        Network whole = net(4, 0.01);
        Network parts = net(4, 0.01);
        Trainer tw = new Trainer(whole, Nets.train(whole).optimizer("plain_sgd", "lr", 0.2).options());
        Trainer tp = new Trainer(parts, Nets.train(parts).optimizer("plain_sgd", "lr", 0.2).options());
        Mat x = data(ROWS, 5, 5);
        Mat y = data(ROWS, 3, 6);
        tw.step(x, y);
        // Two replicas' halves of 10 and 14 rows: each computes its mean gradient, weighted by its rows.
        Mat sum = Mat.zeros(Precision.FLOAT64, 1, parts.parameterCount());
        int[][] halves = {{0, 10}, {10, 14}};
        for (int[] h : halves) {
            tp.computeGradient(x.rows(h[0], h[1]), y.rows(h[0], h[1]));
            for (int i = 0; i < sum.size(); i++) {
                sum.setFlat(i, sum.getFlat(i) + parts.gradients().getFlat(i) * h[1] / ROWS);
            }
        }
        tp.applyGradient(sum, 0, 1);
        double[] pw = params(whole);
        double[] pp = params(parts);
        for (int i = 0; i < pw.length; i++) {
            assertEquals(pw[i], pp[i], 1e-14 * Math.max(1, Math.abs(pw[i])), "parameter " + i);
        }
    }

    @Test
    void penaltiesAreAddedOnceBeforeClippingByNorm() {
        Network n = net(7, 0.5);
        double lr = 0.1;
        double maxNorm = 0.01;
        Trainer t = new Trainer(n, Nets.train(n).optimizer("plain_sgd", "lr", lr).clipNorm(maxNorm).options());
        double[] before = params(n);
        Mat zero = Mat.zeros(Precision.FLOAT64, 1, n.parameterCount());
        double cost = t.applyGradient(zero, 0, 1);
        // The gradient is l2 * w on the first layer's weights only (its 7 x 5 block at the start), then clipped.
        double sq = 0;
        double expectedCost = 0;
        for (int i = 0; i < 35; i++) {
            sq += Math.pow(0.5 * before[i], 2);
            expectedCost += 0.25 * before[i] * before[i];
        }
        assertEquals(expectedCost, cost, 1e-15 * expectedCost, "penalty cost (l2/2) sum w^2");
        double scale = Math.min(1, maxNorm / (Math.sqrt(sq) + 1e-6));
        double[] after = params(n);
        for (int i = 0; i < after.length; i++) {
            double g = i < 35 ? 0.5 * before[i] * scale : 0;
            assertEquals(before[i] - lr * g, after[i], 1e-15, "parameter " + i);
        }
    }

    @Test
    void aNonFiniteGradientNamesTheLayerAndChangesNothing() {
        Network n = net(8, 0);
        Trainer t = new Trainer(n, Nets.train(n).optimizer("plain_sgd").options());
        double[] before = params(n);
        Mat g = Mat.zeros(Precision.FLOAT64, 1, n.parameterCount());
        g.setFlat(n.parameterCount() - 1, Double.NaN); // the last bias: layers[1]
        TrainingException e = assertThrows(TrainingException.class, () -> t.applyGradient(g, 2, 10));
        assertTrue(e.getMessage().contains("layers[1] (affine) became NaN in epoch 3"), e.getMessage());
        assertArrayEquals(before, params(n));
        assertEquals(0, t.stepCount());
    }

    @Test
    void applyGradientRefusesAGradientOfAnotherShape() {
        Network n = net(9, 0);
        Trainer t = new Trainer(n, Nets.train(n).optimizer("plain_sgd").options());
        ShapeException e = assertThrows(ShapeException.class,
                () -> t.applyGradient(Mat.zeros(Precision.FLOAT64, 1, 3), 0, 1));
        assertTrue(e.getMessage().contains("expected a gradient of 1 x " + n.parameterCount()), e.getMessage());
    }

    @Test
    void fitRepeatsItselfAndAResumedRunEndsBitIdentical() {
        Mat x = data(50, 5, 10);
        Mat y = data(50, 3, 11);
        Network full = net(12, 1e-3);
        Nets.train(full).optimizer("plain_sgd", "lr", 0.2).epochs(6).batchSize(8).seed(5).fit(x, y);
        Network again = net(12, 1e-3);
        Nets.train(again).optimizer("plain_sgd", "lr", 0.2).epochs(6).batchSize(8).seed(5).fit(x, y);
        assertArrayEquals(params(full), params(again), "the same run twice");

        Network first = net(12, 1e-3);
        Trainer t1 = new Trainer(first, Nets.train(first).optimizer("plain_sgd", "lr", 0.2).epochs(3).batchSize(8)
                .seed(5).options());
        t1.fit(x, y);
        Trainer t2 = new Trainer(first, Nets.train(first).optimizer("plain_sgd", "lr", 0.2).epochs(6).batchSize(8)
                .seed(5).options());
        t2.resume(x, y, t1.progress());
        assertArrayEquals(params(full), params(first), "3 epochs, then 3 more resumed");

        Network other = net(12, 1e-3);
        Nets.train(other).optimizer("plain_sgd", "lr", 0.2).epochs(6).batchSize(8).seed(6).fit(x, y);
        assertNotEquals(params(full)[0], params(other)[0], "another shuffle seed trains differently");
    }

    @Test
    void theValidationSplitHoldsOutAStratifiedFraction() {
        int n = 40;
        Mat x = data(n, 5, 13);
        Mat y = Mat.zeros(Precision.FLOAT64, n, 3);
        for (int r = 0; r < n; r++) {
            y.set(r, r < 30 ? 0 : r < 35 ? 1 : 2, 1); // 30, 5 and 5 rows
        }
        Network net = net(14, 0);
        List<Integer> counts = new ArrayList<>();
        Nets.train(net).optimizer("plain_sgd").epochs(1).batchSize(4).validationSplit(0.2)
                .listener(new TrainingListener() {
                    @Override
                    public void onTrainingStart(Network network, int epochs, long batches, int samples) {
                        counts.add(samples);
                    }
                }).fit(x, y);
        assertEquals(List.of(32), counts, "40 rows less 6 + 1 + 1 held out");
        ConfigException e = assertThrows(ConfigException.class, () -> Nets.train(net(14, 0)).optimizer("plain_sgd")
                .epochs(1).validationSplit(0.2).fit(data(1, 5, 1), data(1, 3, 1)));
        assertTrue(e.getMessage().contains("training.validation_split"), e.getMessage());
    }

    @Test
    void theFacadeResolvesNamesInTheNetworksOwnRegistry(@TempDir Path dir) throws IOException {
        // "renamed_sgd" exists only in this registry, not among the class path's plugins.
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(Optimizer.class.getName()), "org.nnj.core.fixtures.RenamedSgd\n");
        PluginRegistry own = PluginRegistry.discover(
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader()));
        Network n = Nets.network(5).layer("affine", "units", 3).loss("half_square").registry(own).seed(1).build();
        assertEquals(own, n.registry());
        Nets.train(n).optimizer("renamed_sgd").epochs(1).fit(data(8, 5, 1), data(8, 3, 2));
        ConfigException e = assertThrows(ConfigException.class,
                () -> Nets.train(net(1, 0)).optimizer("renamed_sgd").options());
        assertTrue(e.getMessage().contains("renamed_sgd"), e.getMessage());
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Mat x = data(60, 5, 20);
        Mat y = data(60, 3, 21);
        Network n = net(22, 0);
        List<double[]> weights = new ArrayList<>();
        TrainingResult r = Nets.train(n).optimizer("plain_sgd", "lr", 40.0).epochs(200).batchSize(8).seed(3)
                .validationSplit(0.25).earlyStopping(new EarlyStopping("val_loss", 3, 0.0, true))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult e) {
                        weights.add(params(n));
                    }
                }).fit(x, y);
        assertTrue(r.stoppedEarly(), "a huge learning rate stops improving long before 200 epochs");
        int best = 0;
        for (EpochResult e : r.epochs()) {
            if (e.validationLoss() < r.epochs().get(best).validationLoss()) {
                best = e.epoch() - 1;
            }
        }
        assertEquals(best + 1, r.bestEpoch());
        assertEquals(r.bestEpoch() + 3, r.epochs().size(), "stops exactly patience epochs after the best");
        assertArrayEquals(weights.get(best), params(n), "the best epoch's weights are restored");
    }

    @Test
    void clippingBoundsTheStepByValueAndByGlobalNorm() {
        Mat x = data(30, 5, 23);
        Mat y = data(30, 3, 24);
        Network byNorm = net(25, 0);
        double[] before = params(byNorm);
        Nets.train(byNorm).optimizer("plain_sgd", "lr", 1.0).clipNorm(0.01).epochs(1).batchSize(30).fit(x, y);
        double sq = 0;
        double[] after = params(byNorm);
        for (int i = 0; i < before.length; i++) {
            sq += (after[i] - before[i]) * (after[i] - before[i]);
        }
        assertEquals(0.01, Math.sqrt(sq), 1e-6, "one step of lr 1 moves the parameters by the clipped norm");

        Network byValue = net(25, 0);
        Nets.train(byValue).optimizer("plain_sgd", "lr", 1.0).clipValue(0.001).epochs(1).batchSize(30).fit(x, y);
        double largest = 0;
        after = params(byValue);
        for (int i = 0; i < before.length; i++) {
            largest = Math.max(largest, Math.abs(after[i] - before[i]));
        }
        assertEquals(0.001, largest, 1e-12, "no element moves by more than lr * clip_value");
    }

    @Test
    void batchesGatheredByBothThreadsTrainBitForBitLikeOneThread() {
        // 256 rows of 64 features and 10 targets: enough elements for the batch iterator to gather each batch in
        // ranges on two threads; with one thread it copies the rows in one loop.
        Mat x = data(261, 64, 26);
        Mat y = data(261, 10, 27);
        double[][] params = new double[2][];
        int before = org.nnj.core.internal.gemm.Gemm.maxThreads();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                org.nnj.core.internal.gemm.Gemm.setMaxThreads(threads);
                Network n = Nets.network(64).layer("affine", "units", 32, "activation", "test_logistic")
                        .layer("affine", "units", 10).loss("half_square").precision(Precision.FLOAT32).seed(5).build();
                Nets.train(n).optimizer("plain_sgd", "lr", 0.05).epochs(2).batchSize(256).seed(9).fit(x, y);
                params[threads - 1] = params(n);
            }
        } finally {
            org.nnj.core.internal.gemm.Gemm.setMaxThreads(before);
        }
        assertArrayEquals(params[0], params[1]);
    }

    @Test
    void fitVisitsTheBatchesOfTheEpochOrderItsSeedNames() {
        // What a data-parallel trainer relies on to cut the same global batches as fit: the order is
        // BatchIterator.permutation(n, epochOrderSeed(seed), epoch), and each batch is one step.
        Mat x = data(ROWS, 5, 30);
        Mat y = data(ROWS, 3, 31);
        Network fitted = net(8, 0);
        Nets.train(fitted).optimizer("plain_sgd", "lr", 0.1).epochs(2).batchSize(10).seed(77).fit(x, y);
        Network manual = net(8, 0);
        Trainer t = new Trainer(manual, Nets.train(manual).optimizer("plain_sgd", "lr", 0.1).options());
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] order = org.nnj.data.BatchIterator.permutation(ROWS, Trainer.epochOrderSeed(77), epoch);
            for (int from = 0; from < ROWS; from += 10) {
                int rows = Math.min(10, ROWS - from);
                Mat bx = Mat.zeros(Precision.FLOAT64, rows, 5);
                Mat by = Mat.zeros(Precision.FLOAT64, rows, 3);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < 5; c++) {
                        bx.set(r, c, x.get(order[from + r], c));
                    }
                    for (int c = 0; c < 3; c++) {
                        by.set(r, c, y.get(order[from + r], c));
                    }
                }
                t.computeGradient(bx, by);
                t.applyGradient(manual.gradients(), epoch, 3);
            }
        }
        assertArrayEquals(params(fitted), params(manual));
    }

    /** A learning rate that halves every step: what a restored step count must continue. */
    private static final class Halving implements org.nnj.api.spi.Schedule {
        @Override
        public String name() {
            return "halving";
        }

        @Override
        public double learningRate(double baseRate, org.nnj.api.spi.TrainingProgress progress) {
            return baseRate * Math.pow(0.5, progress.step());
        }
    }

    private static TrainingOptions halvingSgd() {
        Optimizer sgd = Nets.registry().create(org.nnj.api.spi.PluginKind.OPTIMIZER,
                org.nnj.api.PluginRef.of("plain_sgd", java.util.Map.of("lr", 0.1)), "optimizer");
        return TrainingOptions.builder(sgd).schedule(new Halving()).build();
    }

    @Test
    void aRestoredStepCountContinuesTheScheduleWhereItWas() {
        Mat x = data(ROWS, 5, 40);
        Mat y = data(ROWS, 3, 41);
        Network a = net(9, 0);
        Network b = net(9, 0);
        Trainer ta = new Trainer(a, halvingSgd());
        for (int i = 0; i < 3; i++) {
            ta.step(x, y, 4);
        }
        Trainer tb = new Trainer(b, halvingSgd());
        b.parameters().copyFrom(a.parameters());
        tb.restoreStepCount(3);
        ta.step(x, y, 4);
        tb.step(x, y, 4);
        assertEquals(4, tb.stepCount());
        assertArrayEquals(params(a), params(b), "the 4th step at the 4th step's rate");
        Network c = net(9, 0);
        c.parameters().copyFrom(b.parameters());
        Trainer tc = new Trainer(c, halvingSgd());
        tc.step(x, y, 4);
        tb.step(x, y, 4);
        assertNotEquals(params(b)[0], params(c)[0], "a fresh count would have taken a larger step");
        assertThrows(IllegalArgumentException.class, () -> tb.restoreStepCount(-1));
    }

    @Test
    void whatTheGradientViewsHeldBeforeAStepDoesNotMatter() {
        // Layers overwrite their gradient views (the Layer SPI's contract, checked by the kit); the core neither
        // zeroes them nor reads them before backward, so NaN left there changes nothing.
        Network clean = net(30, 1e-3);
        Network dirty = net(30, 1e-3);
        Trainer tc = new Trainer(clean, Nets.train(clean).optimizer("plain_sgd", "lr", 0.2).options());
        Trainer td = new Trainer(dirty, Nets.train(dirty).optimizer("plain_sgd", "lr", 0.2).options());
        Mat x = data(ROWS, 5, 31);
        Mat y = data(ROWS, 3, 32);
        for (int i = 0; i < 3; i++) {
            dirty.gradients().fill(Double.NaN);
            assertEquals(tc.step(x, y), td.step(x, y), 0, "loss of step " + i);
        }
        assertArrayEquals(params(clean), params(dirty));
    }
}
