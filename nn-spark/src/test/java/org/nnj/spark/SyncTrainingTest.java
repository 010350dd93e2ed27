package org.nnj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/**
 * The training modes in local[2] against one-machine training ({@code Trainer.fit}, what {@code nn train} runs) on
 * the same data, in float64: synchronous (barrier stage, ring all-reduce) and its treeAggregate reference equal it
 * to 1e-10 relative, every replica's parameters are bit for bit equal after every epoch, and parameter averaging
 * with k = 1 and plain SGD equals synchronous training.
 */
class SyncTrainingTest {
    private static SparkSession spark;
    /** 300 rows in batches of 32: the last batch of each epoch is partial. */
    private static final LocalSpark.Synthetic DATA = LocalSpark.classes(300, 6, 21);

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("SyncTrainingTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static ModelSpec spec(String optimizer) {
        return new SpecReader(Nets.registry()).read(LocalSpark.spec("float64", optimizer, 3, 32), "test spec");
    }

    private static double[] oneMachine(ModelSpec spec) {
        Network net = Network.build(spec.network(), Nets.registry());
        new Trainer(net, spec.training().options(net, Nets.registry()).build()).fit(DATA.x(), DATA.y());
        return net.parameters().toDoubleArray();
    }

    private static SparkTrainer.Result distributed(ModelSpec spec, TrainingMode mode, int workers, int k) {
        Dataset<Row> frame = DATA.frame(spark);
        return new SparkTrainer(spec, mode, workers, k).fit(frame, "features", "label",
                PartitionRows.Targets.CLASS_INDEX);
    }

    private static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]) / Math.max(1e-3, Math.abs(expected[i]));
            worst = Math.max(worst, d);
        }
        assertTrue(worst <= relative, what + ": largest relative difference " + worst);
    }

    @Test
    void synchronousTrainingEqualsOneMachineAndEveryReplicaAgreesEveryEpoch() {
        ModelSpec spec = spec("{\"name\": \"adam\", \"lr\": 0.01}");
        double[] expected = oneMachine(spec);
        SparkTrainer.Result r = distributed(spec, TrainingMode.SYNC, 2, 1);
        assertClose(expected, r.network().parameters().toDoubleArray(), 1e-10, "sync on 2 workers vs Trainer.fit");
        assertEquals(3, r.epochs().size());
        for (SparkTrainer.EpochStats e : r.epochs()) {
            assertEquals(2, e.checksums().length);
            assertTrue(e.replicasAgree(), "epoch " + e.epoch() + " checksums " + java.util.Arrays.toString(e.checksums()));
            assertTrue(e.commBytesPerStep() > 0, "the ring moved the gradients");
        }
        // and the run is not trivially equal: training moved the parameters
        double[] initial = Network.build(spec.network(), Nets.registry()).parameters().toDoubleArray();
        assertNotEquals(initial[0], expected[0]);
    }

    @Test
    void moreReplicasThanSlotsOfTheTreeReferenceAlsoEqualOneMachine() {
        ModelSpec spec = spec("{\"name\": \"adam\", \"lr\": 0.01}");
        double[] expected = oneMachine(spec);
        // 3 partitions on 2 slots: the treeAggregate loop needs no gang of tasks
        SparkTrainer.Result r = distributed(spec, TrainingMode.SYNC_TREE, 3, 1);
        assertClose(expected, r.network().parameters().toDoubleArray(), 1e-10, "sync-tree on 3 partitions");
        List<SparkTrainer.EpochStats> epochs = r.epochs();
        assertEquals(3, epochs.size());
        assertEquals(epochs.get(2).loss(), epochs.get(2).loss()); // finite
        assertTrue(epochs.get(2).loss() < epochs.get(0).loss(), "the loss falls");
    }

    @Test
    void averagingEveryStepWithPlainSgdEqualsSynchronousTraining() {
        ModelSpec spec = spec("{\"name\": \"sgd\", \"lr\": 0.1}");
        double[] sync = distributed(spec, TrainingMode.SYNC, 2, 1).network().parameters().toDoubleArray();
        SparkTrainer.Result averaged = distributed(spec, TrainingMode.AVERAGING, 2, 1);
        assertClose(sync, averaged.network().parameters().toDoubleArray(), 1e-10, "averaging k=1 vs sync");
        for (SparkTrainer.EpochStats e : averaged.epochs()) {
            assertTrue(e.replicasAgree(), "epoch " + e.epoch());
        }
        // with k = 4 and Adam (state averaged too) replicas still agree after each epoch's closing average
        SparkTrainer.Result k4 = distributed(spec("{\"name\": \"adam\", \"lr\": 0.01}"), TrainingMode.AVERAGING, 2, 4);
        for (SparkTrainer.EpochStats e : k4.epochs()) {
            assertTrue(e.replicasAgree(), "k=4, epoch " + e.epoch());
        }
        assertTrue(k4.epochs().get(2).loss() < k4.epochs().get(0).loss(), "k=4 still learns");
    }
}
