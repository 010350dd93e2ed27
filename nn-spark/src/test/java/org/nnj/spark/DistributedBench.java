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
import org.nnj.core.Threads;
import org.nnj.core.TrainingSpec;
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
        lines.add("| run | workers | samples/s | vs nn train 1 core | test accuracy | compute ms/step (on a core) | comm ms/step "
                + "| of which wait | comm bytes/step |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        double anchor = 0;
        int before = Threads.max();
        // warm the JIT first, so that the anchor (one thread) is not measured on cold code
        Network warm = Network.build(spec.network(), Nets.registry());
        new Trainer(warm, spec.training().withEpochs(1).options(warm, Nets.registry()).build())
                .fit(train.features().rows(0, 16384), train.targets().rows(0, 16384));
        for (int threads = 1; threads <= 2; threads++) {
            Threads.setMax(threads);
            try {
                Network net = Network.build(spec.network(), Nets.registry());
                Trainer trainer = new Trainer(net, spec.training().options(net, Nets.registry()).build());
                long t0 = System.nanoTime();
                trainer.fit(train.features(), train.targets());
                double rate = (double) epochs * train.size() / ((System.nanoTime() - t0) / 1e9);
                anchor = threads == 1 ? rate : anchor;
                double acc = net.evaluate(test.features(), test.targets()).accuracy();
                lines.add(row("nn train (Trainer.fit), " + threads + " thread" + (threads > 1 ? "s" : ""), "1", rate,
                        anchor, acc, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1));
                System.out.println(lines.get(lines.size() - 1));
            } finally {
                Threads.setMax(before);
            }
        }
        Network shape = Network.build(spec.network(), Nets.registry());
        for (boolean wire32 : new boolean[] {true, false}) {
            double[] ring = ringAlone(shape.parameterCount() + 2, wire32, 200);
            String line = String.format(Locale.ROOT, "ring all-reduce alone, 2 ranks on loopback, %d values as %s: "
                    + "median %.2f ms, %.0f bytes sent per rank", shape.parameterCount() + 2,
                    wire32 ? "float32" : "float64", ring[0], ring[1]);
            lines.add(0, line + "  ");
            System.out.println(line);
        }
        System.setProperty("nnj.spark.worker.memory", "3g");
        try (StandaloneCluster cluster = new StandaloneCluster(dir, 2)) {
            for (int executors = 1; executors <= 2; executors++) {
                SparkSession spark = SparkSession.builder().master(cluster.masterUrl()).appName("DistributedBench")
                        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.ui.enabled", "false").config("spark.executor.cores", "1")
                        .config("spark.cores.max", String.valueOf(executors)).config("spark.executor.memory", "2g")
                        // no -Dnnj.threads: a task's kernels use the cores Spark gave it (spark.task.cpus = 1)
                        .config("spark.executor.extraJavaOptions", SparkTrainer.executorJavaOptions("-Dlogback.configurationFile="
                                + System.getProperty("logback.configurationFile", "")))
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
                        // epochs 2..n: the executors' JVMs start cold (the anchor above runs warmed), and the
                        // first epoch is mostly the JIT compiling the kernels; samples/s is the median epoch
                        List<SparkTrainer.EpochStats> warmEpochs = r.epochs().size() > 1
                                ? r.epochs().subList(1, r.epochs().size()) : r.epochs();
                        double rate = train.size() / median(warmEpochs.stream()
                                .mapToDouble(SparkTrainer.EpochStats::seconds).toArray());
                        double comm = warmEpochs.stream().mapToDouble(SparkTrainer.EpochStats::commMillisPerStep)
                                .average().orElse(Double.NaN);
                        long bytes = r.epochs().get(r.epochs().size() - 1).commBytesPerStep();
                        double compute = warmEpochs.stream().mapToDouble(SparkTrainer.EpochStats::computeMillisPerStep)
                                .average().orElse(Double.NaN);
                        double cpu = warmEpochs.stream()
                                .mapToDouble(SparkTrainer.EpochStats::computeCpuMillisPerStep).average().orElse(Double.NaN);
                        double wait = warmEpochs.stream().mapToDouble(SparkTrainer.EpochStats::waitMillisPerStep)
                                .average().orElse(Double.NaN);
                        double acc = r.network().evaluate(test.features(), test.targets()).accuracy();
                        lines.add(row(mode.id() + (mode == TrainingMode.AVERAGING ? " (k=" + k + ")" : ""),
                                executors + " executor" + (executors > 1 ? "s" : ""), rate, anchor, acc, compute, cpu, comm,
                                wait, bytes));
                        System.out.println(lines.get(lines.size() - 1));
                    }
                } finally {
                    spark.stop();
                }
            }
        }
        // the anchor again, after the cluster runs: how much the machine's load moved meanwhile
        Threads.setMax(1);
        try {
            Network net = Network.build(spec.network(), Nets.registry());
            long t0 = System.nanoTime();
            new Trainer(net, spec.training().options(net, Nets.registry()).build()).fit(train.features(), train.targets());
            double rate = (double) epochs * train.size() / ((System.nanoTime() - t0) / 1e9);
            lines.add(row("nn train (Trainer.fit), 1 thread, again at the end", "1", rate, anchor,
                    net.evaluate(test.features(), test.targets()).accuracy(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1));
        } finally {
            Threads.setMax(before);
        }
        String table = String.join("\n", lines);
        System.out.println(table);
        Files.writeString(Path.of("target", "distributed-bench.md"), table + "\n");
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * The ring all-reduce alone, two ranks in this JVM over loopback: the communication cost of one synchronous
     * step without the wait for a slower peer. Returns {median ms, bytes sent per rank}.
     */
    static double[] ringAlone(int values, boolean wire32, int rounds) throws Exception {
        java.nio.channels.ServerSocketChannel[] servers = new java.nio.channels.ServerSocketChannel[2];
        for (int r = 0; r < 2; r++) {
            servers[r] = java.nio.channels.ServerSocketChannel.open();
            servers[r].bind(new java.net.InetSocketAddress("127.0.0.1", 0));
        }
        Ring[] rings = new Ring[2];
        Thread other = new Thread(() -> {
            try {
                rings[1] = Ring.connect(1, 2, wire32, servers[1],
                        (java.net.InetSocketAddress) servers[0].getLocalAddress());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        other.start();
        rings[0] = Ring.connect(0, 2, wire32, servers[0], (java.net.InetSocketAddress) servers[1].getLocalAddress());
        other.join();
        double[][] bufs = {new double[values], new double[values]};
        long[] times = new long[rounds];
        try {
            for (int i = 0; i < rounds; i++) {
                java.util.Arrays.fill(bufs[0], 1);
                java.util.Arrays.fill(bufs[1], 2);
                Thread t = new Thread(() -> {
                    try {
                        rings[1].allReduce(bufs[1], values);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                long t0 = System.nanoTime();
                t.start();
                rings[0].allReduce(bufs[0], values);
                t.join();
                times[i] = System.nanoTime() - t0;
                if (bufs[0][values - 1] != 3 || bufs[1][0] != 3) {
                    throw new IllegalStateException("the ring summed wrong");
                }
            }
        } finally {
            rings[0].close();
            rings[1].close();
            servers[0].close();
            servers[1].close();
        }
        java.util.Arrays.sort(times);
        return new double[] {times[rounds / 2] / 1e6, rings[0].bytesSent() / (double) rounds};
    }

    private static String row(String run, String workers, double rate, double anchor, double acc, double compute,
                              double cpu, double comm, double wait, long bytes) {
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %.2fx | %.2f%% | %s | %s | %s | %s |", run, workers, rate,
                rate / anchor, acc * 100, Double.isNaN(compute) ? "-" : ms(compute) + " (" + ms(cpu) + ")", ms(comm),
                ms(wait), bytes < 0 ? "-" : String.valueOf(bytes));
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
