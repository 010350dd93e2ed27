package org.nnj.core;

import java.util.List;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.TrainingException;
import org.nnj.core.internal.simd.Finite;

/**
 * What happens to a mini-batch's gradient between back-propagation and the optimizer, in this order: the layers'
 * declared L1/L2 penalties are added ({@code l1 sign(p) + l2 p}), every element is checked to be finite (a
 * failure names the layer), then clipping by value and by global norm, as the training options ask. The one
 * owner of these steps: the trainer calls {@link #process} once per optimizer step, on the gradient it is about
 * to apply (on one machine the batch's; in data-parallel training the sum over the workers, so that penalties
 * and clipping apply once, to the whole batch).
 */
final class GradientPipeline {
    private final Network net;
    private final List<Network.Penalty> penalties;
    private final double clipValue;
    private final double clipNorm;

    GradientPipeline(Network net, TrainingOptions options) {
        this.net = net;
        this.penalties = net.penalties();
        this.clipValue = options.clipValue();
        this.clipNorm = options.clipNorm();
    }

    /**
     * Runs the pipeline on {@link Network#gradients()} in place and returns the penalties' cost
     * ({@code l1 sum |p| + (l2/2) sum p^2}; 0 when no layer declares any), to be added to the batch's loss.
     *
     * @param epoch the step's epoch (0-based), {@code batch} its batch in the epoch (0-based) and {@code step}
     *              the optimizer step, for an error message
     * @throws TrainingException naming the layer when a gradient is NaN or infinite
     */
    double process(int epoch, long batch, long step) {
        double cost = applyPenalties();
        checkFinite(epoch, batch, step);
        Mat g = net.gradients();
        if (clipValue > 0) {
            clipByValue(g, clipValue);
        }
        if (clipNorm > 0) {
            clipByNorm(g, clipNorm);
        }
        return cost;
    }

    private double applyPenalties() {
        double cost = 0;
        for (int k = 0, np = penalties.size(); k < np; k++) {
            Network.Penalty pen = penalties.get(k);
            Mat p = pen.param();
            Mat g = pen.grad();
            for (int i = 0, n = p.size(); i < n; i++) {
                double w = p.getFlat(i);
                cost += pen.l1() * Math.abs(w) + 0.5 * pen.l2() * w * w;
                g.setFlat(i, g.getFlat(i) + pen.l1() * Math.signum(w) + pen.l2() * w);
            }
        }
        return cost;
    }

    /** Fails naming the layer when a gradient is NaN or infinite. */
    private void checkFinite(int epoch, long batch, long step) {
        if (allFinite(net.gradients())) {
            return;
        }
        String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1) + " (step " + step + ")";
        for (Stage s : net.stages()) {
            if (s.paramCount() == 0) {
                continue;
            }
            Mat part = net.gradients().reshape(net.parameterCount(), 1).rows(s.paramOffset(), s.paramCount());
            if (!allFinite(part)) {
                boolean nan = false;
                for (int i = 0; i < part.size(); i++) {
                    nan |= Double.isNaN(part.getFlat(i));
                }
                throw new TrainingException("a gradient of " + s.where() + " became " + (nan ? "NaN" : "infinite")
                        + " in " + where + "; the parameters hold the last finite step's values. Lower the learning "
                        + "rate, clip gradients, or check the data");
            }
        }
        throw new TrainingException("a gradient stopped being finite in " + where);
    }

    /** Whether every element is finite (vectorized; reads the gradients once). */
    private static boolean allFinite(Mat m) {
        if (m instanceof F32Mat f) {
            return Finite.all(f.data(), f.offset(), f.size());
        }
        F64Mat f = (F64Mat) m;
        return Finite.all(f.data(), f.offset(), f.size());
    }

    private static void clipByValue(Mat g, double limit) {
        for (int i = 0, n = g.size(); i < n; i++) {
            double v = g.getFlat(i);
            if (v > limit) {
                g.setFlat(i, limit);
            } else if (v < -limit) {
                g.setFlat(i, -limit);
            }
        }
    }

    private static void clipByNorm(Mat g, double maxNorm) {
        double sq = 0;
        for (int i = 0, n = g.size(); i < n; i++) {
            double v = g.getFlat(i);
            sq += v * v;
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (int i = 0, n = g.size(); i < n; i++) {
                g.setFlat(i, g.getFlat(i) * scale);
            }
        }
    }
}
