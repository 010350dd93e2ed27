package org.nnj.core.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.core.Network;
import org.nnj.core.Stage;
import org.nnj.core.StepDetail;
import org.nnj.core.TrainingListener;

/**
 * A {@link TrainingListener} that records the first training step it sees (or step {@code n}) and prints it:
 * for each layer the forward values (z and a), then backwards the loss gradient, delta = dC/dz, every dC/dw and
 * dC/db, and every updated weight and bias, in the order of the chain rule of seed 001 (Eq. 10-15).
 *
 * <p>Meant for small networks (a few units per layer). Values print at full double precision (the shortest text
 * that reads back as the same double). Not thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class BackpropTrace implements TrainingListener {
    private final long stepToRecord;
    private Recording recording;

    /** Records the first step. */
    public BackpropTrace() {
        this(0);
    }

    /** Records optimizer step {@code step} (0-based). */
    public BackpropTrace(long step) {
        this.stepToRecord = step;
    }

    /** Copies of one layer's buffers: the dense part and its activation step. */
    private static final class LayerRecord {
        String label;
        String activationName;
        boolean elementwise;
        Mat input;
        Mat z;
        Mat a;
        Mat gradA;
        Mat delta;
        Mat localDerivative;
        final List<NamedTensor> before = new ArrayList<>();
        final List<NamedTensor> grads = new ArrayList<>();
        final List<NamedTensor> after = new ArrayList<>();
    }

    private static final class Recording {
        double learningRate;
        double loss;
        String lossName;
        boolean float32;
        Mat input;
        Mat target;
        final List<LayerRecord> layers = new ArrayList<>();
    }

    @Override
    public boolean wantsStepDetail() {
        return recording == null || recording.layers.isEmpty() || recording.layers.get(0).after.isEmpty();
    }

    @Override
    public void onStepDetail(StepDetail d) {
        if (d.step() != stepToRecord) {
            return;
        }
        Network net = d.network();
        if (d.phase() == StepDetail.Phase.AFTER_BACKWARD) {
            recording = capture(d, net);
        } else if (recording != null) {
            for (int l = 0; l < recording.layers.size(); l++) {
                for (NamedTensor t : tensorsOf(net.namedParameters(), l)) {
                    recording.layers.get(l).after.add(copy(t));
                }
            }
        }
    }

    private static Recording capture(StepDetail d, Network net) {
        Recording r = new Recording();
        r.learningRate = d.learningRate();
        r.loss = d.loss();
        r.lossName = net.loss().name();
        r.float32 = net.precision() == Precision.FLOAT32;
        r.input = copy(d.input());
        r.target = copy(d.target());
        List<Stage> stages = net.stages();
        LayerRecord current = null;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (!s.isActivation()) {
                current = new LayerRecord();
                current.label = s.label();
                current.input = copy(i == 0 ? d.input() : d.output(i - 1));
                current.z = copy(d.output(i));
                current.delta = copy(d.gradOutput(i));
                for (NamedTensor t : tensorsOf(net.namedParameters(), s.layerIndex())) {
                    current.before.add(copy(t));
                }
                for (NamedTensor t : tensorsOf(net.namedGradients(), s.layerIndex())) {
                    current.grads.add(copy(t));
                }
                r.layers.add(current);
            } else if (current != null) {
                current.activationName = s.activation().name();
                current.a = copy(d.output(i));
                boolean last = i == stages.size() - 1;
                if (last && d.fusedOutput()) {
                    current.gradA = Mat.zeros(net.precision(), current.a.rows(), current.a.cols());
                    net.loss().gradient(current.a, d.target(), current.gradA);
                } else {
                    current.gradA = copy(d.gradOutput(i));
                }
                current.elementwise = s.activation() instanceof ElementwiseActivation;
                if (current.elementwise) {
                    Mat ones = Mat.zeros(net.precision(), current.z.rows(), current.z.cols());
                    ones.fill(1);
                    current.localDerivative = Mat.zeros(net.precision(), current.z.rows(), current.z.cols());
                    s.activation().backward(current.z, current.a, ones, current.localDerivative);
                }
            }
        }
        return r;
    }

    private static List<NamedTensor> tensorsOf(List<NamedTensor> all, int layer) {
        String prefix = "layers." + layer + ".";
        List<NamedTensor> out = new ArrayList<>();
        for (NamedTensor t : all) {
            if (t.name().startsWith(prefix)) {
                out.add(t);
            }
        }
        return out;
    }

    private static NamedTensor copy(NamedTensor t) {
        return new NamedTensor(t.name(), copy(t.value()));
    }

    private static Mat copy(Mat m) {
        Mat c = Mat.zeros(Precision.FLOAT64, m.rows(), m.cols());
        c.copyFrom(m);
        return c;
    }

    /** Whether a complete step (forward, backward and update) has been recorded. */
    public boolean isComplete() {
        return recording != null && !recording.layers.isEmpty() && !recording.layers.get(0).after.isEmpty();
    }

    /** The value of {@code tensor} ("weight" or "bias") of layer {@code layer} (0-based) after the update. */
    public double updated(int layer, String tensor, int row, int col) {
        requireComplete();
        return find(recording.layers.get(layer).after, tensor).get(row, col);
    }

    /** The activation of unit {@code unit} of layer {@code layer} (0-based) for sample {@code sample}. */
    public double activation(int layer, int sample, int unit) {
        requireComplete();
        LayerRecord rec = recording.layers.get(layer);
        return (rec.a != null ? rec.a : rec.z).get(sample, unit);
    }

    /** The weighted input z of unit {@code unit} of layer {@code layer} (0-based) for sample {@code sample}. */
    public double weightedInput(int layer, int sample, int unit) {
        requireComplete();
        return recording.layers.get(layer).z.get(sample, unit);
    }

    /** The loss of the recorded step's batch. */
    public double loss() {
        requireComplete();
        return recording.loss;
    }

    /** The gradient of {@code tensor} of layer {@code layer} (0-based) in the recorded step. */
    public double gradient(int layer, String tensor, int row, int col) {
        requireComplete();
        return find(recording.layers.get(layer).grads, tensor).get(row, col);
    }

    private void requireComplete() {
        if (!isComplete()) {
            throw new IllegalStateException("no complete training step has been recorded yet");
        }
    }

    private static Mat find(List<NamedTensor> tensors, String name) {
        for (NamedTensor t : tensors) {
            if (t.name().endsWith("." + name)) {
                return t.value();
            }
        }
        throw new IllegalArgumentException("no tensor \"" + name + "\" in " + tensors.stream().map(NamedTensor::name).toList());
    }

    /** The trace as text with the default symbols. */
    public String format() {
        return format(TraceNames.standard());
    }

    /** The trace as text with the given symbols. */
    public String format(TraceNames names) {
        requireComplete();
        return new TraceWriter(names).write();
    }

    static String num(double v) {
        return Double.toString(v);
    }

    /** Renders a recording. */
    private final class TraceWriter {
        private final TraceNames n;
        private final StringBuilder out = new StringBuilder();

        TraceWriter(TraceNames names) {
            this.n = names;
        }

        private void line(String format, Object... args) {
            out.append(String.format(Locale.ROOT, format, args)).append('\n');
        }

        private String inputName(int layer, int k) {
            return layer == 1 ? n.input(k) : n.activation(layer - 1, k);
        }

        String write() {
            Recording r = recording;
            int samples = r.input.rows();
            line("Backprop trace of one gradient-descent step: learning rate eta = %s, loss %s, batch of %d sample%s",
                    num(r.learningRate), r.lossName, samples, samples == 1 ? "" : "s");
            if (samples > 1) {
                line("(forward values and deltas per sample; gradients are averaged over the batch)");
            }
            for (int s = 0; s < samples; s++) {
                String tag = samples == 1 ? "" : "sample " + (s + 1) + ": ";
                StringBuilder xs = new StringBuilder();
                for (int k = 0; k < r.input.cols(); k++) {
                    xs.append(k == 0 ? "" : ", ").append(n.input(k + 1)).append(" = ").append(num(r.input.get(s, k)));
                }
                StringBuilder ys = new StringBuilder();
                for (int j = 0; j < r.target.cols(); j++) {
                    ys.append(j == 0 ? "" : ", ").append(n.target(j + 1)).append(" = ").append(num(r.target.get(s, j)));
                }
                line("%sinput %s; target %s", tag, xs, ys);
            }
            line("");
            line("== Forward pass ==");
            for (int l = 0; l < r.layers.size(); l++) {
                forward(l + 1, r.layers.get(l), samples);
            }
            line("cost C = %s (%s, mean over the batch)", num(r.loss), r.lossName);
            line("");
            line("== Backward pass (chain rule, from the output back) ==");
            for (int l = r.layers.size(); l >= 1; l--) {
                backward(l, r.layers.get(l - 1), samples, l == r.layers.size() ? null : r.layers.get(l));
            }
            line("");
            line("== Update: p+ = p - eta * dC/dp, eta = %s ==", num(r.learningRate));
            for (int l = 1; l <= r.layers.size(); l++) {
                update(l, r.layers.get(l - 1), r.learningRate);
            }
            return out.toString();
        }

        private void forward(int l, LayerRecord rec, int samples) {
            Mat w = tensor(rec.before, "weight");
            Mat b = tensor(rec.before, "bias");
            line("layer %d (%s %d -> %d%s)", l, rec.label, rec.input.cols(), rec.z.cols(),
                    rec.activationName == null ? "" : ", " + rec.activationName);
            for (int s = 0; s < samples; s++) {
                String tag = samples == 1 ? "  " : "  [sample " + (s + 1) + "] ";
                for (int j = 0; j < rec.z.cols(); j++) {
                    if (w != null && w.cols() == rec.input.cols()) {
                        StringBuilder sym = new StringBuilder();
                        StringBuilder val = new StringBuilder();
                        if (b != null) {
                            sym.append(n.bias(l, j + 1));
                            val.append(num(b.get(0, j)));
                        }
                        for (int k = 0; k < rec.input.cols(); k++) {
                            String sep = sym.length() == 0 ? "" : " + ";
                            sym.append(sep).append(n.weight(l, j + 1, k + 1)).append('*').append(inputName(l, k + 1));
                            val.append(sep).append(num(w.get(j, k))).append('*').append(num(rec.input.get(s, k)));
                        }
                        line("%s%s = %s = %s = %s", tag, n.weightedInput(l, j + 1), sym, val, num(rec.z.get(s, j)));
                    } else {
                        line("%s%s = %s", tag, n.weightedInput(l, j + 1), num(rec.z.get(s, j)));
                    }
                    if (rec.a != null) {
                        line("%s%s = %s(%s) = %s", tag, n.activation(l, j + 1), rec.activationName,
                                n.weightedInput(l, j + 1), num(rec.a.get(s, j)));
                    }
                }
            }
        }

        private void backward(int l, LayerRecord rec, int samples, LayerRecord next) {
            line("layer %d", l);
            Mat nextW = next == null ? null : tensor(next.before, "weight");
            for (int s = 0; s < samples; s++) {
                String tag = samples == 1 ? "  " : "  [sample " + (s + 1) + "] ";
                for (int j = 0; j < rec.z.cols(); j++) {
                    String aj = rec.a != null ? n.activation(l, j + 1) : n.weightedInput(l, j + 1);
                    if (rec.gradA != null) {
                        if (next == null) {
                            line("%sdC/d%s = %s   (from the loss%s)", tag, aj, num(rec.gradA.get(s, j)),
                                    samples > 1 ? ", includes the 1/" + samples + " of the batch mean" : "");
                        } else if (nextW != null && nextW.cols() == rec.z.cols()) {
                            StringBuilder sym = new StringBuilder();
                            StringBuilder val = new StringBuilder();
                            for (int i = 0; i < next.z.cols(); i++) {
                                String sep = i == 0 ? "" : " + ";
                                sym.append(sep).append(n.weight(l + 1, i + 1, j + 1)).append("*delta_")
                                        .append(n.weightedInput(l + 1, i + 1));
                                val.append(sep).append(num(nextW.get(i, j))).append('*').append(num(next.delta.get(s, i)));
                            }
                            line("%sdC/d%s = %s = %s = %s", tag, aj, sym, val, num(rec.gradA.get(s, j)));
                        } else {
                            line("%sdC/d%s = %s", tag, aj, num(rec.gradA.get(s, j)));
                        }
                    }
                    String zj = n.weightedInput(l, j + 1);
                    if (rec.localDerivative != null) {
                        double local = rec.localDerivative.get(s, j);
                        line("%s%s'(%s) = %s", tag, rec.activationName, zj, num(local));
                        line("%sdelta_%s = dC/d%s = dC/d%s * %s'(%s) = %s * %s = %s", tag, zj, zj, aj,
                                rec.activationName, zj, num(rec.gradA.get(s, j)), num(local), num(rec.delta.get(s, j)));
                    } else {
                        line("%sdelta_%s = dC/d%s = %s%s", tag, zj, zj, num(rec.delta.get(s, j)),
                                rec.activationName == null ? "" : "   (vector-Jacobian product through "
                                        + rec.activationName + ")");
                    }
                }
            }
            Mat gw = tensor(rec.grads, "weight");
            Mat gb = tensor(rec.grads, "bias");
            for (int j = 0; j < rec.z.cols(); j++) {
                String zj = n.weightedInput(l, j + 1);
                if (gw != null && gw.cols() == rec.input.cols()) {
                    for (int k = 0; k < rec.input.cols(); k++) {
                        String formula = samples == 1
                                ? String.format(Locale.ROOT, " = delta_%s * %s = %s * %s", zj, inputName(l, k + 1),
                                num(rec.delta.get(0, j)), num(rec.input.get(0, k)))
                                : " = mean over the batch of delta_" + zj + " * " + inputName(l, k + 1);
                        line("  dC/d%s%s = %s", n.weight(l, j + 1, k + 1), formula, num(gw.get(j, k)));
                    }
                }
                if (gb != null) {
                    line("  dC/d%s = %s = %s", n.bias(l, j + 1),
                            samples == 1 ? "delta_" + zj : "mean over the batch of delta_" + zj, num(gb.get(0, j)));
                }
            }
            for (int t = 0; t < rec.grads.size(); t++) {
                NamedTensor g = rec.grads.get(t);
                if (!g.name().endsWith(".weight") && !g.name().endsWith(".bias")) {
                    line("  dC/d%s = %s", g.name(), java.util.Arrays.toString(g.value().toDoubleArray()));
                }
            }
        }

        private void update(int l, LayerRecord rec, double eta) {
            for (int t = 0; t < rec.before.size(); t++) {
                NamedTensor before = rec.before.get(t);
                Mat grad = rec.grads.get(t).value();
                Mat after = rec.after.get(t).value();
                boolean weight = before.name().endsWith(".weight");
                boolean bias = before.name().endsWith(".bias");
                for (int j = 0; j < before.value().rows(); j++) {
                    for (int k = 0; k < before.value().cols(); k++) {
                        String sym = weight ? n.weight(l, j + 1, k + 1) : bias ? n.bias(l, k + 1)
                                : before.name() + "[" + j + "][" + k + "]";
                        double plain = before.value().get(j, k) - eta * grad.get(j, k);
                        double actual = after.get(j, k);
                        double tolerance = (recording.float32 ? 1e-6 : 1e-15) * Math.max(1, Math.abs(plain));
                        line("  %s+ = %s - %s * %s = %s%s", sym, num(before.value().get(j, k)), num(eta),
                                num(grad.get(j, k)), num(actual),
                                Math.abs(plain - actual) <= tolerance ? "" : "   (the optimizer's rule differs from plain gradient descent here)");
                    }
                }
            }
        }

        private Mat tensor(List<NamedTensor> list, String name) {
            for (NamedTensor t : list) {
                if (t.name().endsWith("." + name)) {
                    return t.value();
                }
            }
            return null;
        }
    }
}
