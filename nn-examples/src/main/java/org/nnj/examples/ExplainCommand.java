package org.nnj.examples;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingSpec;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.core.trace.BackpropTrace;
import org.nnj.data.Task;
import org.nnj.io.DataSpec;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nn explain}: the backprop trace of one training step of a small network. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the backprop trace of one training step of a small network: z, a, delta, every dC/dw "
            + "and dC/db, and every updated value, layer by layer.",
            "With --data the step uses the first rows of the (scaled) training part; without, seeded random inputs "
                + "and targets, said so in the output."})
final class ExplainCommand implements Callable<Integer> {
    static final int MAX_PARAMETERS = 2000;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "the network spec (JSON)")
    Path spec;

    @Option(names = "--data", paramLabel = "PATH", description = "CSV file, IDX directory or bundled:NAME")
    String data;

    @Option(names = "--rows", defaultValue = "1", paramLabel = "N", description = "samples in the traced mini-batch")
    int rows;

    @Option(names = "--task", defaultValue = "auto", paramLabel = "TASK", description = "as for nn train")
    String task;

    @Override
    public Integer call() {
        PluginRegistry registry = Nets.registry();
        ModelSpec model = new SpecReader(registry).read(spec);
        Network net = Network.build(model.network(), registry);
        if (net.parameterCount() > MAX_PARAMETERS) {
            throw new ConfigException("layers", "the network has " + net.parameterCount() + " parameters; a trace is "
                    + "readable for small networks only (at most " + MAX_PARAMETERS + ")");
        }
        if (rows < 1) {
            throw new ConfigException("--rows", "expected at least 1 row, got " + rows);
        }
        Mat x;
        Mat y;
        if (data != null) {
            Task t = CliSupport.task(task, model, registry);
            DataSpec ds = model.data() != null ? model.data() : DataSpec.defaults();
            CliData.Prepared p = CliData.prepare(data, ds, t, net.precision(), model.network().seed(), net.outputSize());
            p.train().requireShape(net.inputShape());
            int n = Math.min(rows, p.train().size());
            x = p.train().features().rows(0, n);
            y = CliSupport.targets(net, p.train(), "training").rows(0, n);
            System.out.println("input: the first " + n + " row(s) of the training part of " + p.train().source());
        } else {
            Random r = new Random(model.network().seed());
            x = Mat.zeros(net.precision(), rows, net.inputSize());
            y = Mat.zeros(net.precision(), rows, net.outputSize());
            for (int i = 0; i < x.size(); i++) {
                x.setFlat(i, Math.round(r.nextGaussian() * 100) / 100.0);
            }
            for (int i = 0; i < rows; i++) {
                y.set(i, r.nextInt(net.outputSize()), 1);
            }
            System.out.println("input: " + rows + " synthetic row(s) (seeded normal inputs, one-hot targets); pass "
                    + "--data for real ones");
        }
        TrainingSpec one = model.training().withEpochs(1).withBatchSize(rows);
        BackpropTrace trace = new BackpropTrace();
        new Trainer(net, one.options(net, registry).shuffle(false).validationSplit(0).listener(trace).build()).fit(x, y);
        System.out.print(trace.format());
        System.out.flush();
        return 0;
    }
}
