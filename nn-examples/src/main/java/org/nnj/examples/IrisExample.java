package org.nnj.examples;

import java.io.PrintStream;
import java.util.Locale;
import org.nnj.api.Precision;
import org.nnj.core.Evaluation;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.TrainingListener;
import org.nnj.core.EpochResult;
import org.nnj.data.Dataset;
import org.nnj.data.Scaler;
import org.nnj.data.Scalers;
import org.nnj.data.Split;
import org.nnj.data.Splits;

/**
 * Iris (bundled): a stratified 70/30 train/test split (seed 1), standard scaling fitted on the training part
 * only, a 4-16-3 network (tanh, softmax, categorical cross-entropy), Adam, 100 epochs of mini-batches of 16.
 */
public final class IrisExample implements Example {
    public static final long SEED = 1;

    @Override
    public String name() {
        return "iris";
    }

    @Override
    public String description() {
        return "classifies the bundled Iris flowers: 4-16-3 network, Adam, stratified 70/30 split";
    }

    /** Trains and returns the network with the held-out test set it was evaluated on. */
    public static Outcome train(PrintStream progress) {
        Dataset data = Datasets.iris(Precision.FLOAT32);
        Split split = Splits.stratified(data, 0.0, 0.3, SEED);
        Scaler scaler = Scalers.fit("standard", split.train());
        Dataset train = scaler.transform(split.train());
        Dataset test = scaler.transform(split.test());
        Network net = Nets.network(4)
                .dense(16, "tanh")
                .dense(3, "softmax")
                .loss("categorical_crossentropy")
                .seed(SEED)
                .build();
        Nets.train(net).optimizer("adam", "lr", 0.01).epochs(100).batchSize(16)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult r) {
                        if (progress != null && (r.epoch() % 10 == 0 || r.epoch() == 1)) {
                            progress.printf(Locale.ROOT, "epoch %3d  loss %.4f  train accuracy %.3f%n", r.epoch(),
                                    r.trainLoss(), r.trainAccuracy());
                        }
                    }
                })
                .fit(train.features(), train.targets());
        return new Outcome(net, test, net.evaluate(test.features(), test.targets()));
    }

    /** A trained network, its test set and its evaluation there. */
    public record Outcome(Network network, Dataset test, Evaluation evaluation) {
    }

    @Override
    public double run(PrintStream out) {
        out.println("Iris: 150 samples, 4 features, 3 classes; stratified split 105 train / 45 test (seed 1);");
        out.println("standard scaling fitted on the training part; 4-16-3 tanh/softmax, Adam lr 0.01, batch 16.");
        Outcome o = train(out);
        Reports.classification(out, o.evaluation(), o.test().classNames());
        return o.evaluation().accuracy();
    }
}
