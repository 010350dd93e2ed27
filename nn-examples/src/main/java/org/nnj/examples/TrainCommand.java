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
import org.nnj.api.TrainingException;
import org.nnj.io.Checkpoint;
import org.nnj.io.CheckpointListener;
import org.nnj.io.DataSpec;
import org.nnj.io.LoadedCheckpoint;
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

    @Option(names = "--backend", paramLabel = "NAME[:K=V,..]",
            description = "where the matrix products run: cpu (default, built in) or an installed backend such as openblas")
    String backend;

    @Option(names = "--no-plots", description = "do not write PNG charts")
    boolean noPlots;

    @Option(names = "--resume", description = {"continue from the checkpoint next to the model "
        + "(<out>.checkpoint.safetensors), written every training.checkpoint_every epochs; the result is the same as "
        + "an uninterrupted run"})
    boolean resume;

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
        Network net = Network.build(model.network(), registry, CliSupport.backend(backend));
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
        Path checkpoint = checkpointFor(modelPath);
        ModelMetadata metadata = ModelMetadata.of(prepared.train(), prepared.scaler());
        TrainingOptions.Builder builder = training.options(net, registry)
                .listener(new TerminalProgress(stdout, TerminalProgress.stdoutIsTerminal()));
        CheckpointListener saver = null;
        if (training.checkpointEvery() > 0) {
            createDirectories(checkpoint);
            saver = new CheckpointListener(checkpoint, model, metadata, training.checkpointEvery());
            builder.listener(saver);
        }
        Trainer trainer;
        Trainer.Progress from = null;
        if (resume) {
            if (!Files.isRegularFile(checkpoint)) {
                throw new ConfigException("--resume", "no checkpoint at " + checkpoint + " to resume from (checkpoints are "
                        + "written when the spec sets training.checkpoint_every)");
            }
            LoadedCheckpoint loaded = Checkpoint.load(checkpoint, registry);
            // A run killed mid-write (SIGKILL) leaves its unfinished temporary file; the resumed run owns the files.
            for (Path target : List.of(checkpoint, modelPath)) {
                for (Path left : Checkpoint.removeInterruptedWrites(target)) {
                    stdout.println("removed " + left + ", an unfinished write left by the interrupted run");
                }
            }
            if (!loaded.spec().network().equals(model.network())) {
                throw new ConfigException("--resume", "the checkpoint " + checkpoint + " was written for another network "
                        + "than " + spec + " describes; train without --resume, or remove the checkpoint");
            }
            net = loaded.network();
            builder = loaded.trainingOptions(registry)
                    .listener(new TerminalProgress(stdout, TerminalProgress.stdoutIsTerminal()));
            if (saver != null) {
                builder.listener(saver);
            }
            trainer = loaded.restoreTrainer(builder.build());
            from = loaded.progress();
            stdout.println("resuming after epoch " + from.completedEpochs() + " (step " + from.steps() + ") from "
                    + checkpoint);
        } else {
            trainer = new Trainer(net, builder.build());
        }
        if (saver != null) {
            saver.attach(trainer);
        }
        TrainingResult result;
        try {
            result = from != null ? trainer.resume(prepared.train().features(), trainY, from)
                    : trainer.fit(prepared.train().features(), trainY);
        } catch (TrainingException e) {
            if (saver != null && saver.lastSavedEpoch() > 0) {
                throw new TrainingException(e.getMessage() + ". The last good checkpoint (epoch " + saver.lastSavedEpoch()
                        + ") is " + checkpoint + "; nn train --resume continues from it", e);
            }
            throw e;
        }
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
        createDirectories(modelPath);
        ModelFile.save(modelPath, net, model, metadata);
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

    /** {@code runs/x/model.safetensors} -> {@code runs/x/model.checkpoint.safetensors}. */
    static Path checkpointFor(Path model) {
        return model.resolveSibling(stem(model) + ".checkpoint.safetensors");
    }

    private static void createDirectories(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new ConfigException("--out", "cannot create the directory " + dir + ": " + e.getMessage());
        }
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

}
