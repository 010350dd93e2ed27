package org.nnj.examples;

import java.io.PrintStream;
import org.nnj.api.Precision;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.data.Dataset;
import org.nnj.data.Scaler;
import org.nnj.data.Scalers;
import org.nnj.data.Split;
import org.nnj.data.Splits;

/**
 * The bundled 8x8 digits (1797 images, 10 classes): a stratified 80/20 train/test split (seed 3), standard scaling
 * fitted on the training part, a 64-128-10 network (ReLU, softmax, categorical cross-entropy), trained with Adam
 * or with SGD plus Nesterov momentum.
 */
public final class DigitsExample implements Example {
    public static final long SEED = 3;

    @Override
    public String name() {
        return "digits";
    }

    @Override
    public String description() {
        return "classifies the bundled 8x8 handwritten digits: 64-128-10 ReLU network, Adam, then SGD with momentum";
    }

    /** Trains with {@code optimizer} ("adam" or "sgd" with momentum) and evaluates on the held-out 20%. */
    public static IrisExample.Outcome train(String optimizer, PrintStream progress) {
        Dataset data = Datasets.digits(Precision.FLOAT32);
        Split split = Splits.stratified(data, 0.0, 0.2, SEED);
        Scaler scaler = Scalers.fit("standard", split.train());
        Dataset train = scaler.transform(split.train());
        Dataset test = scaler.transform(split.test());
        Network net = Nets.network(64)
                .dense(128, "relu")
                .dense(10, "softmax")
                .loss("categorical_crossentropy")
                .seed(SEED)
                .build();
        Nets.Fit fit = Nets.train(net).epochs(40).batchSize(32).listener(new ProgressPrinter(progress, 10));
        if (optimizer.equals("adam")) {
            fit.optimizer("adam", "lr", 0.002);
        } else {
            fit.optimizer("sgd", "lr", 0.05, "momentum", 0.9, "nesterov", true);
        }
        fit.fit(train.features(), train.targets());
        return new IrisExample.Outcome(net, test, net.evaluate(test.features(), test.targets()));
    }

    @Override
    public double run(PrintStream out) {
        out.println("8x8 digits: 1797 images, 64 pixels, 10 classes; stratified split 1438 train / 359 test (seed 3);");
        out.println("standard scaling fitted on the training part; 64-128-10 ReLU/softmax, 40 epochs of batch 32.");
        out.println();
        out.println("-- Adam, lr 0.002 --");
        IrisExample.Outcome adam = train("adam", out);
        Reports.classification(out, adam.evaluation(), adam.test().classNames());
        out.println();
        out.println("-- SGD, lr 0.05, Nesterov momentum 0.9 --");
        IrisExample.Outcome sgd = train("sgd", out);
        Reports.classification(out, sgd.evaluation(), sgd.test().classNames());
        return Math.min(adam.evaluation().accuracy(), sgd.evaluation().accuracy());
    }
}
