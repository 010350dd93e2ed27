package org.nnj.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.EpochResult;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Threads;
import org.nnj.core.TrainingResult;
import org.nnj.core.internal.gemm.Gemm;
import org.nnj.core.internal.simd.MachinePeak;
import org.nnj.data.Dataset;
import org.nnj.data.MnistDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nn bench}: the workload of the performance issue, end to end through the framework (Network and
 * Trainer, nothing hand-written): Fashion-MNIST, MLP 784-256-128-10, ReLU, softmax cross-entropy, Adam 1e-3
 * (no schedule), batch 128, float32, for a few epochs. Prints one line: samples per second (median of epochs
 * 2..n; the first epoch includes JIT warm-up), the fraction of this machine's ceiling ({@link BenchCeiling}: the
 * network's matrix products on OpenBLAS, measured right after the run, or the FMA peak without OpenBLAS), test
 * accuracy, and what the kernels chose on this machine (vector width, register tile, threads).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the Fashion-MNIST 784-256-128-10 workload for a few epochs and print samples/s on one line.")
final class BenchCommand implements Callable<Integer> {
    /** Flops of one training sample of the default network: forward, weight gradients, input gradients of layers 2-3. */
    static final double FLOPS_PER_SAMPLE = 2.0 * (784 * 256 + 256 * 128 + 128 * 10) * 2 + 2.0 * (256 * 128 + 128 * 10);

    @Option(names = "--epochs", paramLabel = "N", description = "epochs to train (default ${DEFAULT-VALUE}); the median skips the first")
    int epochs = 3;

    @Option(names = "--batch", paramLabel = "N", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch = 128;

    @Option(names = "--precision", paramLabel = "P", description = "float32 or float64 (also f32, f64; default ${DEFAULT-VALUE})")
    String precision = "float32";

    @Option(names = "--threads", paramLabel = "N", description = "threads a matrix multiply may use (default: all cores)")
    Integer threads;

    @Option(names = "--hidden", paramLabel = "W1,W2", split = ",", description = "hidden layer widths (default 256,128)")
    List<Integer> hidden = new ArrayList<>(List.of(256, 128));

    @Option(names = "--seed", paramLabel = "N", description = "seed of the weights and shuffles (default ${DEFAULT-VALUE})")
    long seed = 5;

    @Option(names = "--backend", paramLabel = "NAME[:K=V,..]",
            description = "where the matrix products run: cpu (default, built in) or an installed backend such as openblas")
    String backend;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        out.println(run(epochs, batch, parsePrecision(precision), threads, hidden, seed, CliSupport.backend(backend))
                .line());
        out.flush();
        return 0;
    }

    static Precision parsePrecision(String p) {
        return switch (p.toLowerCase(Locale.ROOT)) {
            case "float32", "f32", "fp32" -> Precision.FLOAT32;
            case "float64", "f64", "fp64" -> Precision.FLOAT64;
            default -> throw new org.nnj.api.NnException("--precision: expected float32 or float64, got " + p);
        };
    }

    /** What one run measured. */
    record Result(int epochs, int batch, Precision precision, List<Integer> hidden, int threads,
                  double samplesPerSecond, double testAccuracy, List<Double> epochRates, double machineGflops,
                  String backend, BenchCeiling ceiling, String kernels) {
        String line() {
            String shape = "784-" + String.join("-", hidden.stream().map(String::valueOf).toList()) + "-10";
            return String.format(Locale.ROOT,
                    "nnj bench: %.0f samples/s (%s of epochs %s) = %.1f%% of %s, test accuracy %.4f | "
                            + "Fashion-MNIST %s %s batch %d, Adam 1e-3, %d epochs | %d cores, %d threads, %s, "
                            + "JDK %s | epochs: %s%s",
                    samplesPerSecond, epochs > 1 ? "median" : "rate", epochs > 1 ? "2-" + epochs : "1",
                    100 * samplesPerSecond / ceiling.samplesPerSecond(), ceiling.describe(threads), testAccuracy,
                    shape, precision.id(), batch, epochs, Runtime.getRuntime().availableProcessors(), threads,
                    backend.equals("cpu") ? "kernels: " + kernels : "backend " + backend + " (kernels: " + kernels + ")",
                    Runtime.version(), String.join(" ", epochRates.stream()
                            .map(r -> String.format(Locale.ROOT, "%.0f", r)).toList()), machine());
        }

        /** The machine's FMA peak measured right after the run, and the share of it the run used (default network). */
        private String machine() {
            if (Double.isNaN(machineGflops)) {
                return "";
            }
            String used = hidden.equals(List.of(256, 128)) && precision == Precision.FLOAT32
                    ? String.format(Locale.ROOT, " (this run: %.0f GFLOPS = %.0f%%)", samplesPerSecond * FLOPS_PER_SAMPLE
                    / 1e9, 100 * samplesPerSecond * FLOPS_PER_SAMPLE / 1e9 / machineGflops)
                    : "";
            return String.format(Locale.ROOT, " | machine now: %.0f GFLOPS float32 FMA peak over %d threads%s",
                    machineGflops, threads, used);
        }
    }

    static Result run(int epochs, int batch, Precision precision, Integer threads, List<Integer> hidden, long seed,
                      PluginRef backend) {
        if (epochs < 1 || batch < 1) {
            throw new org.nnj.api.NnException("--epochs and --batch must be at least 1");
        }
        if (threads != null) {
            // The multiplies and the optimizer's update (which runs on the same workers) both follow this.
            Threads.setMax(threads);
        }
        var dir = FashionMnistExample.directory();
        Dataset train = MnistDirectory.train(dir, precision);
        Dataset test = MnistDirectory.test(dir, precision);
        Nets.NetworkBuilder b = Nets.network(784).precision(precision).seed(seed).backend(backend);
        for (int w : hidden) {
            b.dense(w, "relu");
        }
        Network net = b.dense(10, "softmax").loss("categorical_crossentropy").build();
        TrainingResult r = Nets.train(net).optimizer("adam", "lr", 0.001).epochs(epochs).batchSize(batch)
                .fit(train.features(), train.targets());
        List<Double> rates = new ArrayList<>();
        for (EpochResult e : r.epochs()) {
            rates.add(e.samplesPerSecond());
        }
        double median = median(rates.size() > 1 ? rates.subList(1, rates.size()) : rates);
        double acc = net.evaluate(test.features(), test.targets()).accuracy();
        // What the cores could do just now: on a shared machine the same code runs 30% apart from one minute to
        // the next, and this says how much of that is the machine.
        double peak = MachinePeak.gflops(Threads.max(), 300);
        List<Integer> widths = new ArrayList<>();
        widths.add(784);
        widths.addAll(hidden);
        widths.add(10);
        BenchCeiling ceiling = BenchCeiling.measure(batch, widths, precision, Threads.max());
        return new Result(epochs, batch, precision, hidden, Threads.max(), median, acc, rates, peak,
                backend == null ? "cpu" : backend.name(), ceiling,
                Gemm.describeMachine(precision == Precision.FLOAT64 ? Double.BYTES : Float.BYTES));
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
