package org.nnj.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.trace.BackpropTrace;
import org.nnj.core.trace.TraceNames;

/**
 * Seed 001's "Numerical Computation": the 2-2-2 sigmoid network with inputs (2, 3), targets (1.0, 0.2), the
 * article's weights and biases, quadratic cost and eta = 0.1, trained for exactly one step in float64. Prints the
 * backprop trace with the article's names, checks every gradient against a central difference, and compares
 * every value the article prints with the derivation, explaining each disagreement.
 *
 * <p>Article layout: {@code h1 = sigma(w1 x1 + w3 x2 + b1)}, {@code h2 = sigma(w2 x1 + w4 x2 + b2)},
 * {@code a1 = sigma(w5 h1 + w7 h2 + b3)}, {@code a2 = sigma(w6 h1 + w8 h2 + b4)}.
 */
public final class WorkedExample implements Example {
    static final double X1 = 2;
    static final double X2 = 3;
    static final double Y1 = 1.0;
    static final double Y2 = 0.2;
    static final double ETA = 0.1;
    static final double W1 = 0.3;
    static final double W2 = 0.2;
    static final double W3 = -0.4;
    static final double W4 = 0.6;
    static final double W5 = 0.7;
    static final double W6 = -0.3;
    static final double W7 = 0.5;
    static final double W8 = -0.1;
    static final double B1 = 0.25;
    static final double B2 = 0.45;
    static final double B3 = 0.15;
    static final double B4 = 0.35;

    /** The article's symbols for this network. */
    static final TraceNames ARTICLE_NAMES = new TraceNames() {
        @Override
        public String activation(int layer, int j) {
            return (layer == 1 ? "h" : "a") + j;
        }

        @Override
        public String weightedInput(int layer, int j) {
            return "z_" + activation(layer, j);
        }

        @Override
        public String weight(int layer, int j, int k) {
            return "w" + ((layer == 1 ? 0 : 4) + j + 2 * (k - 1));
        }

        @Override
        public String bias(int layer, int j) {
            return "b" + ((layer == 1 ? 0 : 2) + j);
        }
    };

    /**
     * One value the article prints: its symbol, the printed number, ours, and what the article computed if it
     * differs ({@code slipValue}: the same arithmetic with the article's slip; NaN when not reproducible).
     */
    public record Printed(String symbol, double printed, double ours, double slipValue, String explanation) {
        public boolean agrees() {
            return Math.abs(printed - ours) <= 1e-12;
        }

        public boolean slipReproduced() {
            return Math.abs(printed - slipValue) <= 1e-12;
        }
    }

    /** The result of the step: the network after it, the trace, the numerical gradients, the comparison. */
    public record Result(Network network, BackpropTrace trace, double[] forward, double[] analyticGradient,
                         double[] numericGradient, double[] before, List<Printed> comparison) {
    }

    @Override
    public String name() {
        return "worked";
    }

    @Override
    public String description() {
        return "seed 001's worked example: one backprop step of a 2-2-2 sigmoid network, traced with the article's names";
    }

    /** Builds the article's network with its weights, in float64. */
    public static Network articleNetwork() {
        Network net = Nets.network(2)
                .dense(2, "sigmoid")
                .dense(2, "sigmoid")
                .loss("quadratic")
                .precision(Precision.FLOAT64)
                .build();
        Mat hidden = net.namedParameters().get(0).value();
        hidden.set(0, 0, W1);
        hidden.set(0, 1, W3);
        hidden.set(1, 0, W2);
        hidden.set(1, 1, W4);
        Mat hiddenBias = net.namedParameters().get(1).value();
        hiddenBias.set(0, 0, B1);
        hiddenBias.set(0, 1, B2);
        Mat out = net.namedParameters().get(2).value();
        out.set(0, 0, W5);
        out.set(0, 1, W7);
        out.set(1, 0, W6);
        out.set(1, 1, W8);
        Mat outBias = net.namedParameters().get(3).value();
        outBias.set(0, 0, B3);
        outBias.set(0, 1, B4);
        return net;
    }

    /** Runs the step and the checks. */
    public static Result compute() {
        Network net = articleNetwork();
        Mat x = Mat.of(Precision.FLOAT64, new double[][] {{X1, X2}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{Y1, Y2}});
        double[] before = net.parameters().toDoubleArray();
        double[] numeric = numericGradient(net, x, y);
        BackpropTrace trace = new BackpropTrace();
        Nets.train(net).optimizer("sgd", "lr", ETA).epochs(1).batchSize(1).listener(trace).fit(x, y);
        double[] analytic = new double[before.length];
        String[] tensors = {"weight", "bias"};
        int i = 0;
        for (int layer = 0; layer < 2; layer++) {
            for (String t : tensors) {
                int rows = t.equals("weight") ? 2 : 1;
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < 2; c++) {
                        analytic[i++] = trace.gradient(layer, t, r, c);
                    }
                }
            }
        }
        double[] forward = {trace.activation(0, 0, 0), trace.activation(0, 0, 1), trace.activation(1, 0, 0),
            trace.activation(1, 0, 1), trace.loss()};
        return new Result(net, trace, forward, analytic, numeric, before, compare(forward, trace));
    }

    private static double[] numericGradient(Network net, Mat x, Mat y) {
        Mat p = net.parameters();
        double[] g = new double[p.size()];
        double h = 1e-6;
        for (int i = 0; i < g.length; i++) {
            double v = p.getFlat(i);
            p.setFlat(i, v + h);
            double plus = net.evaluate(x, y).loss();
            p.setFlat(i, v - h);
            double minus = net.evaluate(x, y).loss();
            p.setFlat(i, v);
            g[i] = (plus - minus) / (2 * h);
        }
        return g;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** The article's arithmetic with its slip: sigma' evaluated at the activation, sigma'(a) = s(a)(1 - s(a)). */
    private static double slipDerivative(double activation) {
        double s = sigmoid(activation);
        return s * (1 - s);
    }

    private static List<Printed> compare(double[] f, BackpropTrace t) {
        double h1 = f[0];
        double h2 = f[1];
        double a1 = f[2];
        double a2 = f[3];
        double d1 = 2 * (a1 - Y1) * slipDerivative(a1);
        double d2 = 2 * (a2 - Y2) * slipDerivative(a2);
        String slip = "the article evaluates sigma' at the activation, sigma(a)(1 - sigma(a)), instead of at the "
                + "input z (sigma'(z) = a(1 - a), Eq. 17); the same arithmetic with that slip gives %s";
        List<Printed> list = new ArrayList<>();
        list.add(agree("h1", 0.41338242108267, h1));
        list.add(agree("h2", 0.934010990508781, h2));
        list.add(agree("a1", 0.712257432295742, a1));
        list.add(agree("a2", 0.533097573871501, a2));
        list.add(agree("C", 0.19374977898811957, f[4]));
        list.add(agree("dC/da1", -0.5754851354085166, 2 * (a1 - Y1)));
        list.add(explained("sigma'(z_a1)", 0.220793265944315, a1 * (1 - a1), slipDerivative(a1), slip));
        list.add(explained("dC/dw5", -0.052525710835624, t.gradient(1, "weight", 0, 0), d1 * h1, slip));
        list.add(explained("w5+", 0.70525257108356, t.updated(1, "weight", 0, 0), W5 - ETA * d1 * h1, slip));
        list.add(explained("w6+", -0.3064179482696209, t.updated(1, "weight", 1, 0), W6 - ETA * d2 * h1, slip));
        list.add(explained("w7+", 0.511867846503068, t.updated(1, "weight", 0, 1), W7 - ETA * d1 * h2, slip));
        list.add(new Printed("w8+", -0.511867846503068, t.updated(1, "weight", 1, 1), W8 - ETA * d2 * h2,
                "a copy slip on top of the sigma'(a) slip: the printed value is w7+'s with a minus sign; with "
                        + "only the sigma'(a) slip the article would have printed %s"));
        list.add(explained("b3+", 0.1627063242549253, t.updated(1, "bias", 0, 0), B3 - ETA * d1, slip));
        list.add(explained("b4+", 0.33447454961240974, t.updated(1, "bias", 0, 1), B4 - ETA * d2, slip));
        double dw1 = (d1 * W5 + d2 * W6) * slipDerivative(h1) * X1;
        String w1slip = "the article's formula writes dC/dz_a1 * w6 where dC/dz_a2 * w6 is meant (its number uses "
                + "dC/dz_a2), and evaluates every sigma' at the activation; that arithmetic gives %s";
        list.add(explained("dC/dw1", -0.064945998937865, t.gradient(0, "weight", 0, 0), dw1, w1slip));
        list.add(explained("w1+", 0.3064945998937866, t.updated(0, "weight", 0, 0), W1 - ETA * dw1, w1slip));
        return list;
    }

    private static Printed agree(String symbol, double printed, double ours) {
        return new Printed(symbol, printed, ours, Double.NaN, "");
    }

    private static Printed explained(String symbol, double printed, double ours, double slipValue, String why) {
        return new Printed(symbol, printed, ours, slipValue, why);
    }

    @Override
    public double run(PrintStream out) {
        Result r = compute();
        out.println("Seed 001, \"Numerical Computation\": a 2-2-2 sigmoid network, inputs (2, 3), targets (1.0, 0.2),");
        out.println("quadratic cost C = (a1 - y1)^2 + (a2 - y2)^2, one step of gradient descent with eta = 0.1, float64.");
        out.println();
        out.print(r.trace().format(ARTICLE_NAMES));
        out.println();
        out.println("== Updated values (full double precision) ==");
        String[] order = {"w1", "w2", "w3", "w4", "b1", "b2", "w5", "w6", "w7", "w8", "b3", "b4"};
        double[] after = r.network().parameters().toDoubleArray();
        int[] index = {0, 2, 1, 3, 4, 5, 6, 8, 7, 9, 10, 11};
        for (int i = 0; i < order.length; i++) {
            out.println(order[i] + "+ = " + after[index[i]]);
        }
        out.println();
        double worst = 0;
        for (int i = 0; i < r.analyticGradient().length; i++) {
            worst = Math.max(worst, relativeError(r.analyticGradient()[i], r.numericGradient()[i]));
        }
        out.printf(Locale.ROOT, "Gradient check: all 12 back-propagated gradients match central differences "
                + "(h = 1e-6); largest relative error %.2e%n", worst);
        out.println();
        out.println("== The article's printed values against the derivation ==");
        for (Printed p : r.comparison()) {
            if (p.agrees()) {
                out.printf(Locale.ROOT, "  %-13s printed %-22s ours %-22s agree (|difference| %.1e)%n", p.symbol(),
                        p.printed(), p.ours(), Math.abs(p.printed() - p.ours()));
            } else {
                out.printf(Locale.ROOT, "  %-13s printed %-22s ours %-22s DIFFER: %s%s%n", p.symbol(), p.printed(),
                        p.ours(), String.format(Locale.ROOT, p.explanation(), p.slipValue()),
                        p.slipReproduced() ? " (which reproduces the printed value)" : "");
            }
        }
        return 0;
    }

    static double relativeError(double a, double b) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }
}
