package org.nnj.examples;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nnj.api.DataException;
import org.nnj.api.Precision;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.data.Dataset;
import org.nnj.data.MnistDirectory;

/**
 * Fashion-MNIST (60,000 training and 10,000 test images of 28x28, 10 classes) from Debian's
 * {@code dataset-fashion-mnist}: the 784-256-128-10 ReLU MLP of the performance issue, softmax with
 * categorical cross-entropy, Adam 1e-3 with a cosine decay over the run, batch 128, float32, 20 epochs.
 * Pixels are scaled to [0, 1] by the
 * reader; the official test set is used only for the final evaluation.
 */
public final class FashionMnistExample implements Example {
    public static final long SEED = 5;
    public static final int EPOCHS = 20;

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public String description() {
        return "784-256-128-10 MLP on Fashion-MNIST (needs Debian's dataset-fashion-mnist), 20 epochs of Adam, cosine decay";
    }

    /** The directory of the IDX files, or an error saying how to install them. */
    public static Path directory() {
        Path dir = Path.of(System.getenv().getOrDefault("FASHION_MNIST_DIR", MnistDirectory.FASHION_MNIST_DIR.toString()));
        if (!Files.isDirectory(dir) || !MnistDirectory.isMnistLayout(dir)) {
            throw new DataException(dir.toString(), "Fashion-MNIST is not installed there; install Debian's package "
                    + "(apt-get install dataset-fashion-mnist) or point FASHION_MNIST_DIR at the IDX files");
        }
        return dir;
    }

    public static IrisExample.Outcome train(int epochs, PrintStream progress) {
        Path dir = directory();
        Dataset train = MnistDirectory.train(dir, Precision.FLOAT32);
        Dataset test = MnistDirectory.test(dir, Precision.FLOAT32);
        Network net = Nets.network(784)
                .dense(256, "relu")
                .dense(128, "relu")
                .dense(10, "softmax")
                .loss("categorical_crossentropy")
                .seed(SEED)
                .build();
        Nets.train(net).optimizer("adam", "lr", 0.001).schedule("cosine").epochs(epochs).batchSize(128)
                .listener(new ProgressPrinter(progress, 1))
                .fit(train.features(), train.targets());
        return new IrisExample.Outcome(net, test, net.evaluate(test.features(), test.targets()));
    }

    @Override
    public double run(PrintStream out) {
        out.println("Fashion-MNIST: 60,000 training and 10,000 test images, 784-256-128-10 ReLU/softmax,");
        out.println("Adam lr 0.001 with cosine decay, batch 128, float32, " + EPOCHS + " epochs (seed " + SEED + ").");
        IrisExample.Outcome o = train(EPOCHS, out);
        Reports.classification(out, o.evaluation(), o.test().classNames());
        return o.evaluation().accuracy();
    }
}
