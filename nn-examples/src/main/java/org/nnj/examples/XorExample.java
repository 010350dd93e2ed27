package org.nnj.examples;

import java.io.PrintStream;
import java.util.Locale;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.core.Evaluation;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.TrainingResult;

/** XOR, the classic problem no single-layer network can learn: 2-4-1, tanh then sigmoid, quadratic cost. */
public final class XorExample implements Example {
    static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final double[][] TARGETS = {{0}, {1}, {1}, {0}};

    @Override
    public String name() {
        return "xor";
    }

    @Override
    public String description() {
        return "learns XOR with a 2-4-1 network (tanh, sigmoid, quadratic cost, SGD with momentum)";
    }

    /** Builds and trains the network; returns it. */
    static Network train(long seed) {
        Network net = Nets.network(2)
                .dense(4, "tanh")
                .dense(1, "sigmoid")
                .loss("quadratic")
                .precision(Precision.FLOAT64)
                .seed(seed)
                .build();
        Mat x = Mat.of(Precision.FLOAT64, INPUTS);
        Mat y = Mat.of(Precision.FLOAT64, TARGETS);
        TrainingResult r = Nets.train(net).optimizer("sgd", "lr", 0.5, "momentum", 0.9)
                .epochs(500).batchSize(4).fit(x, y);
        return net;
    }

    @Override
    public double run(PrintStream out) {
        Network net = train(7);
        Mat x = Mat.of(Precision.FLOAT64, INPUTS);
        Evaluation ev = net.evaluate(x, Mat.of(Precision.FLOAT64, TARGETS));
        out.println("XOR after 500 epochs of full-batch SGD (lr 0.5, momentum 0.9), seed 7:");
        for (double[] in : INPUTS) {
            double p = net.predict(in)[0];
            out.printf(Locale.ROOT, "  %s XOR %s -> %.4f (class %d)%n", (int) in[0], (int) in[1], p, p >= 0.5 ? 1 : 0);
        }
        out.printf(Locale.ROOT, "accuracy %.2f, quadratic cost %.6f%n", ev.accuracy(), ev.loss());
        return ev.accuracy();
    }
}
