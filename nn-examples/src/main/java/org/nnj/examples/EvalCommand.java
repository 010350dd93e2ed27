package org.nnj.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nnj.api.Mat;
import org.nnj.core.Evaluation;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.data.Dataset;
import org.nnj.data.Task;
import org.nnj.io.DataSpec;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nn eval}: a saved model's metrics on labelled data. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a saved model on labelled data: accuracy, per-class precision/recall/F1 and the "
            + "confusion matrix for classification; MSE, MAE and R^2 for regression.",
            "Every row of a CSV file is evaluated (bundled data includes the rows the model was trained on); for an "
                + "IDX directory, its t10k test files. A CSV header is matched to the model's feature names, in any "
                + "order. The model's saved scaler is applied first."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model file written by nn train")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "CSV file (- for standard input), IDX directory or bundled:NAME")
    String data;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        LoadedModel lm = ModelFile.load(model, Nets.registry());
        Network net = lm.network();
        Task task = lm.metadata().classNames().isEmpty() ? Task.REGRESSION : Task.CLASSIFICATION;
        DataSpec spec = lm.spec().data() != null ? lm.spec().data() : DataSpec.defaults();
        Dataset ds = CliData.read(data, spec, task, net.precision(), new CliData.Expect(lm.metadata().classNames(),
                lm.metadata().featureNames(), net.outputSize()), true);
        ds.requireShape(net.inputShape());
        lm.metadata().scaler().ifPresent(s -> s.transformInPlace(ds.features()));
        Mat y = CliSupport.targets(net, ds, "evaluation");
        CliSupport.requireFinite(net.predict(ds.features()), ds, model);
        Evaluation ev = net.evaluate(ds.features(), y);
        out.println("model " + model + " on " + ds.source() + " (" + ds.size() + " rows):");
        Reports.evaluation(out, ev, lm.metadata().classNames());
        out.flush();
        return 0;
    }
}
