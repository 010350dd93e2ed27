package org.nnj.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.Precision;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingSpec;
import org.nnj.core.math.Gemm;
import org.nnj.data.MnistDirectory;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/**
 * The measurements of docs/distributed.md, in one run (a benchmark, not a test: it runs only when asked):
 * Fashion-MNIST 784-256-128-10 ({@code specs/fashion-mnist.json}) trained for the same epochs at global batch
 * {@code nnj.bench.batch} by one-machine training ({@code Trainer.fit}, as {@code nn train}) on one and two
 * threads, and by every training mode on a standalone cluster (separate JVMs on 127.0.0.1) with one and with two
 * executors of one core each. Prints samples/s, test accuracy, and communication per step.
 *
 * <pre>
 * mvn -B -ntp -o verify -pl nn-spark -am -Dtest=DistributedBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dnnj.spark.bench=true [-Dnnj.bench.epochs=3 -Dnnj.bench.batch=512 -Dnnj.bench.modes=sync,sync-tree,averaging]
 * </pre>
 */
@EnabledIfSystemProperty(named = "nnj.spark.bench", matches = "true")
class DistributedBench {

    @Test
    void fashionMnistAcrossModesAndExecutors(@TempDir Path dir) throws Exception {
        int epochs = Integer.getInteger("nnj.bench.epochs", 3);
        int batch = Integer.getInteger("nnj.bench.batch", 512);
        int k = Integer.getInteger("nnj.bench.localSteps", 8);
        String[] modes = System.getProperty("nnj.bench.modes", "sync,sync-tree,averaging").split(",");
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
        ModelSpec spec = new SpecReader(Nets.registry()).read(root.resolve("specs/fashion-mnist.json"));
        TrainingSpec t = spec.training();
        spec = spec.withTraining(new TrainingSpec(t.optimizer(), epochs, batch, t.shuffle(), t.seed(), t.schedule(),
                t.clipValue(), t.clipNorm(), null, 0, 0));
        Path fm = MnistDirectory.FASHION_MNIST_DIR;
        org.nnj.data.Dataset train = MnistDirectory.train(fm, Precision.FLOAT32);
        org.nnj.data.Dataset test = MnistDirectory.test(fm, Precision.FLOAT32);
        List<String> lines = new ArrayList<>();
        lines.add("| run | workers | samples/s | vs nn train 1 core | test accuracy | comm ms/step | comm bytes/step |");
        lines.add("|---|---|---|---|---|---|---|");
        double anchor = 0;
        int before = Gemm.maxThreads();
        // warm the JIT first, so that the anchor (one thread) is not measured on cold code
        Network warm = Network.build(spec.network(), Nets.registry());
        new Trainer(warm, spec.training().withEpochs(1).options(warm, Nets.registry()).build())
                .fit(train.features().rows(0, 16384), train.targets().rows(0, 16384));
        for (int threads = 1; threads <= 2; threads++) {
            Gemm.setMaxThreads(threads);
            try {
                Network net = Network.build(spec.network(), Nets.registry());
                Trainer trainer = new Trainer(net, spec.training().options(net, Nets.registry()).build());
                long t0 = System.nanoTime();
                trainer.fit(train.features(), train.targets());
                double rate = (double) epochs * train.size() / ((System.nanoTime() - t0) / 1e9);
                anchor = threads == 1 ? rate : anchor;
                double acc = net.evaluate(test.features(), test.targets()).accuracy();
                lines.add(row("nn train (Trainer.fit), " + threads + " thread" + (threads > 1 ? "s" : ""), "1", rate,
                        anchor, acc, Double.NaN, -1));
                System.out.println(lines.get(lines.size() - 1));
            } finally {
                Gemm.setMaxThreads(before);
            }
        }
        System.setProperty("nnj.spark.worker.memory", "3g");
        try (StandaloneCluster cluster = new StandaloneCluster(dir, 2)) {
            for (int executors = 1; executors <= 2; executors++) {
                SparkSession spark = SparkSession.builder().master(cluster.masterUrl()).appName("DistributedBench")
                        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.ui.enabled", "false").config("spark.executor.cores", "1")
                        .config("spark.cores.max", String.valueOf(executors)).config("spark.executor.memory", "2g")
                        .config("spark.executor.extraJavaOptions", "-Dnnj.threads=1 -Dlogback.configurationFile="
                                + System.getProperty("logback.configurationFile", ""))
                        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s")
                        .config("spark.sql.shuffle.partitions", String.valueOf(executors))
                        .getOrCreate();
                try {
                    Dataset<Row> frame = SparkTrain.idxFrame(spark, fm.toString(), false, executors).cache();
                    frame.count();
                    for (String m : modes) {
                        TrainingMode mode = TrainingMode.parse(m);
                        SparkTrainer.Result r = new SparkTrainer(spec, mode, executors, k).fit(frame, "features",
                                "label", PartitionRows.Targets.CLASS_INDEX);
                        double seconds = r.epochs().stream().mapToDouble(SparkTrainer.EpochStats::seconds).sum();
                        double rate = (double) epochs * train.size() / seconds;
                        double comm = r.epochs().stream().mapToDouble(SparkTrainer.EpochStats::commMillisPerStep)
                                .average().orElse(Double.NaN);
                        long bytes = r.epochs().get(r.epochs().size() - 1).commBytesPerStep();
                        double acc = r.network().evaluate(test.features(), test.targets()).accuracy();
                        lines.add(row(mode.id() + (mode == TrainingMode.AVERAGING ? " (k=" + k + ")" : ""),
                                executors + " executor" + (executors > 1 ? "s" : ""), rate, anchor, acc, comm, bytes));
                        System.out.println(lines.get(lines.size() - 1));
                    }
                } finally {
                    spark.stop();
                }
            }
        }
        String table = String.join("\n", lines);
        System.out.println(table);
        Files.writeString(Path.of("target", "distributed-bench.md"), table + "\n");
    }

    private static String row(String run, String workers, double rate, double anchor, double acc, double comm,
                              long bytes) {
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %.2fx | %.2f%% | %s | %s |", run, workers, rate,
                rate / anchor, acc * 100, Double.isNaN(comm) ? "-" : String.format(Locale.ROOT, "%.2f", comm),
                bytes < 0 ? "-" : String.valueOf(bytes));
    }
}
