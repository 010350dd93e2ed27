package org.nnj.examples;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nnj.api.ConfigException;
import org.nnj.api.NnException;
import org.nnj.api.Mat;
import org.nnj.core.Evaluation;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.NetworkSummary;
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
import org.nnj.report.Plots;
import org.nnj.report.TerminalProgress;
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

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "CSV file (- for standard input), IDX directory or bundled:NAME")
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

    @Option(names = "--resume", description = {"continue from the checkpoint beside the model (for --out "
        + "DIR/NAME.safetensors: DIR/NAME.checkpoint.safetensors; by default runs/<spec name>/model.checkpoint.safetensors), "
        + "written every training.checkpoint_every epochs; the result is the same as an uninterrupted run. More epochs "
        + "(--epochs) continue the run; other changed settings are refused"})
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
        Path modelPath = out != null ? out : Path.of("runs", directoryName(model.name()), "model.safetensors");
        Path checkpoint = checkpointFor(modelPath);
        // Every place this run writes to is checked before the first epoch, so a trained network is not lost.
        OutputCheck.requireWritableFile(modelPath, out != null ? "--out" : "name");
        LoadedCheckpoint loaded = null;
        if (resume) {
            if (!Files.isRegularFile(checkpoint)) {
                throw new ConfigException("--resume", "no checkpoint at " + checkpoint + " to resume from (checkpoints are "
                        + "written when the spec sets training.checkpoint_every)");
            }
            loaded = Checkpoint.load(checkpoint, registry);
            if (!loaded.spec().network().equals(model.network())) {
                throw new ConfigException("--resume", "the checkpoint " + checkpoint + " was written for another network "
                        + "than " + spec + " describes; train without --resume, or remove the checkpoint");
            }
            requireResumable(loaded.spec().training(), training, loaded.progress().completedEpochs(), checkpoint);
        }
        Task t = CliSupport.task(task, model, registry);
        Network net = Network.build(model.network(), registry, CliSupport.backend(backend));
        DataSpec dataSpec = model.data() != null ? model.data() : DataSpec.defaults();
        CliData.Prepared prepared = CliData.prepare(data, dataSpec, t, net.precision(), model.network().seed(),
                net.outputSize());
        prepared.train().requireShape(net.inputShape());
        Mat trainY = CliSupport.targets(net, prepared.train(), "training");
        boolean hasTest = prepared.test() != null && prepared.test().size() > 0;
        Mat testY = null;
        if (hasTest) {
            prepared.test().requireShape(net.inputShape());
            testY = CliSupport.targets(net, prepared.test(), "test");
        }

        stdout.println("spec " + spec + ": " + CliSupport.describe(net) + ", loss " + net.loss().name() + ", "
                + net.parameterCount() + " parameters, " + net.precision().id());
        stdout.print(NetworkSummary.of(net));
        stdout.println("data " + prepared.description());
        stdout.printf(Locale.ROOT, "training: %s, %d epochs, batch %d%n", training.optimizer(), training.epochs(),
                training.batchSize());
        ModelMetadata metadata = ModelMetadata.of(prepared.train(), prepared.scaler());
        CheckpointListener saver = null;
        if (training.checkpointEvery() > 0) {
            saver = new CheckpointListener(checkpoint, model, metadata, training.checkpointEvery());
        }
        Trainer trainer;
        Trainer.Progress from = null;
        if (loaded != null) {
            // A run killed mid-write (SIGKILL) leaves its unfinished temporary file; the resumed run owns the files.
            for (Path target : List.of(checkpoint, modelPath)) {
                for (Path left : Checkpoint.removeInterruptedWrites(target)) {
                    stdout.println("removed " + left + ", an unfinished write left by the interrupted run");
                }
            }
            net = loaded.network();
            // The checkpoint's settings but for what may change (epochs, checkpoint_every): requireResumable.
            TrainingOptions.Builder builder = training.options(net, registry)
                    .listener(new TerminalProgress(stdout, TerminalProgress.stdoutIsTerminal()));
            if (saver != null) {
                builder.listener(saver);
            }
            trainer = loaded.restoreTrainer(builder.build());
            from = loaded.progress();
            int before = loaded.spec().training().epochs();
            stdout.println("resuming after epoch " + from.completedEpochs() + " (step " + from.steps() + ") from "
                    + checkpoint + (before != training.epochs() ? "; training to epoch " + training.epochs()
                    + " (the checkpoint's run was for " + before + ")" : ""));
        } else {
            TrainingOptions.Builder builder = training.options(net, registry)
                    .listener(new TerminalProgress(stdout, TerminalProgress.stdoutIsTerminal()));
            if (saver != null) {
                builder.listener(saver);
            }
            trainer = new Trainer(net, builder.build());
        }
        if (saver != null) {
            saver.attach(trainer);
        }
        TrainingResult result;
        Thread interrupted = onInterrupt(saver, checkpoint);
        try {
            result = from != null ? trainer.resume(prepared.train().features(), trainY, from)
                    : trainer.fit(prepared.train().features(), trainY);
        } catch (TrainingException e) {
            if (saver != null && saver.lastSavedEpoch() > 0) {
                throw new TrainingException(e.getMessage() + ". The last good checkpoint (epoch " + saver.lastSavedEpoch()
                        + ") is " + checkpoint + "; nn train --resume continues from it", e);
            }
            throw e;
        } finally {
            removeHook(interrupted);
        }
        if (result.stoppedEarly()) {
            stdout.println("early stopping after epoch " + result.last().epoch() + "; weights of epoch "
                    + result.bestEpoch() + " restored");
        }

        Evaluation test = null;
        if (hasTest) {
            test = net.evaluate(prepared.test().features(), testY);
            stdout.println();
            stdout.println("test metrics (" + prepared.test().size() + " held-out rows, never seen in training):");
            Reports.evaluation(stdout, test, prepared.train().classNames());
        }
        stdout.println();
        saveModel(modelPath, net, model, metadata, Path.of(System.getProperty("java.io.tmpdir")), stdout);
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

    /**
     * Checks that a checkpoint's run can continue with {@code now}: more epochs (or as many) and another
     * checkpoint interval are honoured; any other change would make the resumed run neither the checkpoint's nor
     * the new one, so it is refused naming the spec field.
     */
    static void requireResumable(TrainingSpec saved, TrainingSpec now, int completed, Path checkpoint) {
        String also = "; the checkpoint " + checkpoint + " was written with ";
        String fix = ". Resume with the checkpoint's setting, or train from the start without --resume";
        record Field(String name, Object saved, Object now) {
        }
        for (Field f : List.of(
                new Field("optimizer", saved.optimizer(), now.optimizer()),
                new Field("training.batch_size (or --batch-size)", saved.batchSize(), now.batchSize()),
                new Field("training.shuffle", saved.shuffle(), now.shuffle()),
                new Field("training.seed", saved.seed(), now.seed()),
                new Field("training.schedule", saved.schedule(), now.schedule()),
                new Field("training.clip_value", saved.clipValue(), now.clipValue()),
                new Field("training.clip_norm", saved.clipNorm(), now.clipNorm()),
                new Field("training.early_stopping", saved.earlyStopping(), now.earlyStopping()),
                new Field("training.validation_split", saved.validationSplit(), now.validationSplit()))) {
            if (!java.util.Objects.equals(f.saved(), f.now())) {
                throw new ConfigException(field(f.name(), f.saved(), f.now()), "cannot change on --resume: found " + show(f.now()) + also
                        + show(f.saved()) + fix);
            }
        }
        if (now.epochs() < completed) {
            throw new ConfigException("training.epochs", "expected at least " + completed + " epochs (the checkpoint "
                    + checkpoint + " has completed " + completed + "), found " + now.epochs());
        }
        if (saved.schedule() != null && now.epochs() != saved.epochs()) {
            throw new ConfigException("training.epochs", "cannot change on --resume with a learning-rate schedule ("
                    + saved.schedule() + " spans the run's epochs): found " + now.epochs() + also + saved.epochs() + fix);
        }
    }

    /** {@code optimizer.lr} rather than {@code optimizer} when one parameter of the same plugin differs. */
    private static String field(String name, Object saved, Object now) {
        if (saved instanceof org.nnj.api.PluginRef a && now instanceof org.nnj.api.PluginRef b
                && a.name().equals(b.name())) {
            java.util.Set<String> keys = new java.util.TreeSet<>(a.params().keySet());
            keys.addAll(b.params().keySet());
            for (String k : keys) {
                if (!java.util.Objects.equals(a.params().get(k), b.params().get(k))) {
                    return name + "." + k;
                }
            }
        }
        return name;
    }

    private static String show(Object v) {
        return v == null ? "none" : v.toString();
    }

    /**
     * The spec's name as the directory of the default output, {@code runs/<name>/}: one plain name, not a path
     * that leads elsewhere.
     */
    static String directoryName(String name) {
        if (name == null) {
            return "model";
        }
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            throw new ConfigException("name", "expected a name usable as one directory under runs/ (no '/', '\\', "
                    + "'.' or '..'), found \"" + name + "\"; change the name or give --out");
        }
        return name;
    }

    /**
     * Saves the model; if that fails (the disk filled during training, the directory went away), saves it into
     * {@code fallbackDir} instead and fails saying where it is, so the trained network is not lost.
     *
     * @return where the model was written
     */
    static Path saveModel(Path modelPath, Network net, ModelSpec model, ModelMetadata metadata, Path fallbackDir,
                          PrintStream stdout) {
        try {
            createDirectories(modelPath);
            ModelFile.save(modelPath, net, model, metadata);
            stdout.println("model written to " + modelPath);
            return modelPath;
        } catch (ConfigException | java.io.UncheckedIOException e) {
            Path fallback;
            try {
                fallback = Files.createTempFile(fallbackDir, "nn-" + stem(modelPath) + "-", ".safetensors");
                ModelFile.save(fallback, net, model, metadata);
            } catch (java.io.IOException | java.io.UncheckedIOException again) {
                e.addSuppressed(again);
                throw new NnException("cannot write the model to " + modelPath + " (" + e.getMessage() + "), nor to "
                        + fallbackDir + " (" + again.getMessage() + "); the trained network is lost", e);
            }
            throw new NnException("cannot write the model to " + modelPath + ": " + e.getMessage()
                    + "; the trained model was saved to " + fallback + " instead", e);
        }
    }

    /**
     * While training runs, a hook that says on Ctrl-C (SIGINT) or SIGTERM what is saved and how to continue; the
     * JVM then exits as it does for the signal (130 for SIGINT).
     */
    private Thread onInterrupt(CheckpointListener saver, Path checkpoint) {
        PrintStream err = System.err;
        String again = "nn train --spec " + spec + " --data " + data + (out != null ? " --out " + out : "") + " --resume";
        Thread hook = new Thread(() -> {
            int epoch = saver == null ? 0 : saver.lastSavedEpoch();
            if (saver == null) {
                err.println("nn: interrupted: nothing was saved (set training.checkpoint_every in the spec to write "
                        + "checkpoints that a later run can resume from)");
            } else if (epoch == 0) {
                err.println("nn: interrupted before the first checkpoint (training.checkpoint_every is "
                        + saver.every() + " epochs): nothing was saved");
            } else {
                err.println("nn: interrupted; the last complete checkpoint (epoch " + epoch + ") is " + checkpoint
                        + "; continue with: " + again);
            }
            err.flush();
        }, "nn-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs and says what was saved
        }
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
