package org.nnj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/**
 * Real Spark as a cluster: a standalone Master and three Workers (one core each) as separate JVMs on 127.0.0.1,
 * started from the Maven jars; the driver (this JVM) trains synchronously on two executors and, after the driver
 * has its epoch-3 checkpoint, a Worker JVM and its executor are killed (SIGKILL). Spark retries the barrier stage on
 * the spare Worker, the new tasks resume from the driver's checkpoint, and training ends with the same weights as
 * one-machine training (float64, 1e-10 relative). Every process the test started is stopped.
 */
class StandaloneClusterTest {

    @Test
    void trainingSurvivesALostWorkerAndEndsWithTheUninterruptedWeights(@TempDir Path dir) throws Exception {
        LocalSpark.Synthetic data = LocalSpark.classes(6000, 6, 77);
        ModelSpec spec = new SpecReader(Nets.registry()).read(LocalSpark.spec("float64",
                "{\"name\": \"adam\", \"lr\": 0.005}", 12, 16), "test spec");
        Network reference = Network.build(spec.network(), Nets.registry());
        new Trainer(reference, spec.training().options(reference, Nets.registry()).build()).fit(data.x(), data.y());

        StandaloneCluster cluster = new StandaloneCluster(dir, 3);
        try {
            SparkSession spark = SparkSession.builder().master(cluster.masterUrl()).appName("StandaloneClusterTest")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.executor.cores", "1")
                    .config("spark.cores.max", "2")
                    .config("spark.executor.memory", "512m")
                    .config("spark.executor.extraJavaOptions", SparkTrainer.executorJavaOptions("-Dlogback.configurationFile="
                                + System.getProperty("logback.configurationFile", "")))
                    .config("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s")
                    .config("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "120")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            try {
                AtomicBoolean killed = new AtomicBoolean();
                int[] victim = {-1};
                SparkTrainer trainer = new SparkTrainer(spec, TrainingMode.SYNC, 2, 1).onEpoch(e -> {
                    if (e.epoch() == 3 && killed.compareAndSet(false, true)) {
                        for (int i = 0; i < 3 && victim[0] < 0; i++) {
                            if (cluster.executorsOf(i) > 0) {
                                victim[0] = i;
                            }
                        }
                        try {
                            cluster.killWorker(victim[0]);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                SparkTrainer.Result r = trainer.fit(data.frame(spark), "features", "label",
                        PartitionRows.Targets.CLASS_INDEX);
                assertTrue(killed.get() && victim[0] >= 0, "a worker running an executor was killed");
                assertEquals(2, r.stageAttempts(), "the barrier stage ran again after the loss");
                assertEquals(1, r.resumedAfterEpoch().size());
                int resumed = r.resumedAfterEpoch().get(0);
                assertTrue(resumed >= 3 && resumed < 12, "resumed from the driver's checkpoint after epoch " + resumed);
                assertEquals(12, r.epochs().size());
                r.epochs().forEach(e -> assertTrue(e.replicasAgree(), "epoch " + e.epoch()));
                double[] expected = reference.parameters().toDoubleArray();
                double[] actual = r.network().parameters().toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-10 * Math.max(1e-3, Math.abs(expected[i])), "parameter " + i);
                }
            } finally {
                spark.stop();
            }
        } finally {
            cluster.close();
        }
        assertEquals(0, cluster.alive(), "every process the test started is stopped");
    }
}
