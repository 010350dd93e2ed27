package org.nnj.examples;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.core.Evaluation;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingOptions;
import org.nnj.core.TrainingResult;
import org.nnj.core.TrainingSpec;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.Task;
import org.nnj.io.DataSpec;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nn train}: trains a spec on data, evaluates on the held-out test part, saves the model and charts. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the network a spec file describes, report test metrics, and save the model and charts.",
            "Data: a CSV file, an IDX directory (MNIST layout; its t10k files are the test set), or bundled:NAME "
                + "(iris, digits, wine_data, breast_cancer). The test part is held out before anything is fitted."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "the network spec (JSON)")
    Path spec;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "CSV file, IDX directory or bundled:NAME")
    String data;

    @Option(names = "--epochs", paramLabel = "N", description = "override the spec's epochs")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "override the spec's batch size")
    Integer batchSize;

    @Option(names = "--out", paramLabel = "FILE", description = "where to save the model (default runs/<spec name>/model.safetensors)")
    Path out;

    @Option(names = "--task", defaultValue = "auto", paramLabel = "TASK",
            description = "classification, regression or auto (classification for cross-entropy or a softmax output)")
    String task;

    @Option(names = "--no-plots", description = "do not write PNG charts")
    boolean noPlots;

    @Override
    public Integer call() {
        PrintStream stdout = System.out;
        PluginRegistry registry = Nets.registry();
        ModelSpec model = new SpecReader(registry).read(spec);
        TrainingSpec training = model.training();
        if (epochs != null) {
            training = training.withEpochs(epochs);
        }
        if (batchSize != null) {
            training = training.withBatchSize(batchSize);
        }
        model = model.withTraining(training);
        Task t = CliSupport.task(task, model, registry);
        Network net = Network.build(model.network(), registry);
        DataSpec dataSpec = model.data() != null ? model.data() : DataSpec.defaults();
        CliData.Prepared prepared = CliData.prepare(data, dataSpec, t, net.precision(), model.network().seed());
        prepared.train().requireFeatureCount(net.inputSize());
        Mat trainY = CliSupport.targets(net, prepared.train(), "training");
        Path modelPath = out != null ? out : Path.of("runs", model.name() == null ? "model" : model.name(), "model.safetensors");

        stdout.println("spec " + spec + ": " + CliSupport.describe(net) + ", loss " + net.loss().name() + ", "
                + net.parameterCount() + " parameters, " + net.precision().id());
        stdout.println("data " + prepared.description());
        stdout.printf(Locale.ROOT, "training: %s, %d epochs, batch %d%n", training.optimizer(), training.epochs(),
                training.batchSize());
        TrainingOptions options = training.options(net, registry)
                .listener(new TerminalProgress(stdout, TerminalProgress.stdoutIsTerminal())).build();
        TrainingResult result = new Trainer(net, options).fit(prepared.train().features(), trainY);
        if (result.stoppedEarly()) {
            stdout.println("early stopping after epoch " + result.last().epoch() + "; weights of epoch "
                    + result.bestEpoch() + " restored");
        }

        Evaluation test = null;
        if (prepared.test() != null && prepared.test().size() > 0) {
            test = net.evaluate(prepared.test().features(), CliSupport.targets(net, prepared.test(), "test"));
            stdout.println();
            stdout.println("test metrics (" + prepared.test().size() + " held-out rows, never seen in training):");
            Reports.evaluation(stdout, test, prepared.train().classNames());
        }
        Path dir = modelPath.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new ConfigException("--out", "cannot create the directory " + dir + ": " + e.getMessage());
        }
        ModelFile.save(modelPath, net, model, ModelMetadata.of(prepared.train(), prepared.scaler()));
        stdout.println();
        stdout.println("model written to " + modelPath);
        if (!noPlots) {
            Path prefix = modelPath.resolveSibling(stem(modelPath));
            List<Path> charts = new ArrayList<>(Plots.history(result.epochs(), prefix));
            if (test != null && test.isClassification()) {
                charts.add(Plots.confusion(test, prepared.train().classNames(), prefix));
            }
            for (Path c : charts) {
                stdout.println("chart written to " + c);
            }
        }
        stdout.flush();
        return 0;
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

}
