package org.nnj.spark;

import java.util.List;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.core.Network;
import org.nnj.core.Trainer;

/**
 * One copy of the network and its trainer on an executor, with the buffers of its part of a batch. Computes a
 * part's contribution (the mean gradient times its rows, and the loss times its rows) and applies reduced
 * gradients, so that every replica that applies the same sum takes the same optimizer step.
 */
final class Replica {
    final Network net;
    final Trainer trainer;
    final int parameters;
    private final Mat bx;
    private final Mat by;
    private final int[] local;
    private final Mat gradient;

    Replica(Job job) {
        this.net = job.buildNetwork();
        this.trainer = new Trainer(net, job.trainingOptions(net));
        this.parameters = net.parameterCount();
        this.bx = Mat.zeros(net.precision(), job.plan().batchSize(), net.inputSize());
        this.by = Mat.zeros(net.precision(), job.plan().batchSize(), job.outputs());
        this.local = new int[job.plan().batchSize()];
        this.gradient = Mat.zeros(net.precision(), 1, parameters);
    }

    /**
     * Adds to {@code sum[0..P)} this partition's part of batch {@code b} (its mean gradient times its rows), to
     * {@code sum[P]} its loss times its rows, to {@code sum[P + 1]} its rows. A partition with no row of the batch
     * adds nothing.
     */
    int contribute(BatchPlan plan, int[] order, int b, PartitionRows data, double[] sum) {
        int m = plan.localRows(order, b, data.first, data.count, local);
        if (m == 0) {
            return 0;
        }
        Mat x = bx.rows(0, m);
        Mat y = by.rows(0, m);
        gatherRows(data.features(), local, m, x);
        gatherRows(data.targets(), local, m, y);
        double loss = trainer.computeGradient(x, y);
        addScaled(net.gradients(), m, sum);
        sum[parameters] += loss * m;
        sum[parameters + 1] += m;
        return m;
    }

    /** Applies {@code sum[0..P) / rows} as the step's gradient; returns the penalties' cost. */
    double applySum(double[] sum, long rows, int epoch, long stepsPerEpoch) {
        double inv = 1.0 / rows;
        if (gradient instanceof F64Mat g) {
            double[] d = g.data();
            for (int i = 0; i < parameters; i++) {
                d[i] = sum[i] * inv;
            }
        } else {
            float[] d = ((F32Mat) gradient).data();
            for (int i = 0; i < parameters; i++) {
                d[i] = (float) (sum[i] * inv);
            }
        }
        return trainer.applyGradient(gradient, epoch, stepsPerEpoch);
    }

    static void gatherRows(Mat src, int[] rows, int m, Mat dst) {
        int cols = src.cols();
        if (src instanceof F64Mat s && dst instanceof F64Mat d) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(s.data(), s.offset() + rows[i] * cols, d.data(), d.offset() + i * cols, cols);
            }
        } else if (src instanceof F32Mat s && dst instanceof F32Mat d) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(s.data(), s.offset() + rows[i] * cols, d.data(), d.offset() + i * cols, cols);
            }
        } else {
            throw new IllegalStateException("rows in " + src.precision() + ", batch in " + dst.precision());
        }
    }

    static void addScaled(Mat m, double scale, double[] sum) {
        if (m instanceof F64Mat g) {
            double[] d = g.data();
            int o = g.offset();
            for (int i = 0, n = g.size(); i < n; i++) {
                sum[i] += d[o + i] * scale;
            }
        } else {
            F32Mat g = (F32Mat) m;
            float[] d = g.data();
            int o = g.offset();
            for (int i = 0, n = g.size(); i < n; i++) {
                sum[i] += d[o + i] * scale;
            }
        }
    }

    static void copyInto(double[] from, int at, Mat to) {
        if (to instanceof F64Mat g) {
            System.arraycopy(from, at, g.data(), g.offset(), g.size());
        } else {
            F32Mat g = (F32Mat) to;
            float[] d = g.data();
            for (int i = 0, n = g.size(); i < n; i++) {
                d[g.offset() + i] = (float) from[at + i];
            }
        }
    }

    /** The parameters followed by every optimizer state tensor, as doubles. */
    double[] snapshot() {
        List<NamedTensor> state = trainer.updater().state();
        int length = parameters;
        for (NamedTensor t : state) {
            length += t.value().size();
        }
        double[] out = new double[length];
        addScaled(net.parameters(), 1, out);
        int at = parameters;
        for (NamedTensor t : state) {
            double[] part = new double[t.value().size()];
            addScaled(t.value(), 1, part);
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Length of {@link #snapshot()}. */
    int snapshotLength() {
        int length = parameters;
        for (NamedTensor t : trainer.updater().state()) {
            length += t.value().size();
        }
        return length;
    }

    /** Sets the parameters and optimizer state from {@code snapshot[0..)} (as {@link #snapshot()} lays them out). */
    void restore(double[] snapshot, long steps) {
        if (snapshot.length < snapshotLength()) {
            throw new IllegalArgumentException("a snapshot of " + snapshot.length + " values for a replica of "
                    + snapshotLength() + " (parameters and optimizer state)");
        }
        copyInto(snapshot, 0, net.parameters());
        int at = parameters;
        for (NamedTensor t : trainer.updater().state()) {
            copyInto(snapshot, at, t.value());
            at += t.value().size();
        }
        trainer.restoreStepCount(steps);
    }

    /** A checksum of the parameters' bits: equal on replicas whose parameters are bit for bit equal. */
    long checksum() {
        Mat p = net.parameters();
        long h = 1125899906842597L;
        for (int i = 0, n = p.size(); i < n; i++) {
            long bits = p.precision() == org.nnj.api.Precision.FLOAT64 ? Double.doubleToRawLongBits(p.getFlat(i))
                    : Float.floatToRawIntBits((float) p.getFlat(i));
            h = 31 * h + bits;
            h ^= h >>> 29;
        }
        return h;
    }
}
