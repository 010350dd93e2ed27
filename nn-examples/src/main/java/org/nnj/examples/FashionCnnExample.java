package org.nnj.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.nnj.api.Precision;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingOptions;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.Dataset;
import org.nnj.data.MnistDirectory;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/**
 * Fashion-MNIST with a convolutional network: {@code specs/fashion-cnn.json} (bundled in nn.jar), the network of
 * {@code shared/bench/torch_cnn.py} - conv 3x3 32 (padding 1), ReLU, max pool 2, conv 3x3 64 (padding 1), ReLU,
 * max pool 2, dense 128 ReLU, dense 10 softmax; cross-entropy, Adam 1e-3, batch 128, float32, 10 epochs, fixed
 * seeds. The images arrive as 1x28x28 (channels x height x width); the official test set is used only for the
 * final evaluation.
 */
public final class FashionCnnExample implements Example {
    static final String SPEC = "/specs/fashion-cnn.json";

    @Override
    public String name() {
        return "fashion-cnn";
    }

    @Override
    public String description() {
        return "CNN (conv 32, pool, conv 64, pool, dense 128) on Fashion-MNIST (needs dataset-fashion-mnist), 10 epochs";
    }

    /** The bundled spec. */
    public static ModelSpec spec(PluginRegistry registry) {
        try (InputStream in = FashionCnnExample.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException("nn.jar lacks " + SPEC + " (built without nn-examples' resources)");
            }
            return new SpecReader(registry).read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "specs/fashion-cnn.json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SPEC + ": " + e, e);
        }
    }

    /**
     * Trains the spec's network for {@code epochs} on the first {@code trainRows} training images (all when
     * larger) and evaluates it on the 10,000 test images.
     */
    public static IrisExample.Outcome train(int epochs, int trainRows, PrintStream progress) {
        Path dir = FashionMnistExample.directory();
        PluginRegistry registry = Nets.registry();
        ModelSpec spec = spec(registry);
        Dataset train = MnistDirectory.train(dir, Precision.FLOAT32);
        if (trainRows < train.size()) {
            int[] rows = new int[trainRows];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            train = train.subset(rows);
        }
        Dataset test = MnistDirectory.test(dir, Precision.FLOAT32);
        train.requireShape(spec.network().inputShape());
        Network net = Network.build(spec.network(), registry);
        TrainingOptions.Builder options = spec.training().withEpochs(epochs).options(net, registry);
        if (progress != null) {
            options.listener(new ProgressPrinter(progress, 1));
        }
        new Trainer(net, options.build()).fit(train.features(), train.targets());
        return new IrisExample.Outcome(net, test, net.evaluate(test.features(), test.targets()));
    }

    @Override
    public double run(PrintStream out) {
        ModelSpec spec = spec(Nets.registry());
        out.println("Fashion-MNIST: 60,000 training and 10,000 test images of 1x28x28, " + spec.training().epochs()
                + " epochs, batch " + spec.training().batchSize() + ", float32 (seed " + spec.network().seed() + "):");
        out.print(org.nnj.core.NetworkSummary.of(Network.build(spec.network(), Nets.registry())));
        IrisExample.Outcome o = train(spec.training().epochs(), Integer.MAX_VALUE, out);
        Reports.classification(out, o.evaluation(), o.test().classNames());
        return o.evaluation().accuracy();
    }
}
