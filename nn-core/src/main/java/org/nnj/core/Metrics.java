package org.nnj.core;

import org.nnj.api.Mat;

/** Accumulates {@link Evaluation} figures over chunks of rows. */
final class Metrics {
    private final int outputs;
    private final int classes;
    private final long[][] confusion;
    private boolean classification = true;
    private long rows;
    private double lossSum;
    private long correct;
    private double sqErr;
    private double absErr;
    private double ySum;
    private double ySqSum;

    Metrics(int outputs) {
        this.outputs = outputs;
        this.classes = outputs == 1 ? 2 : outputs;
        this.confusion = new long[classes][classes];
    }

    /** The class of row r of an output: argmax, or output >= 0.5 for one column. */
    static int predictedClass(Mat m, int r) {
        int cols = m.cols();
        if (cols == 1) {
            return m.get(r, 0) >= 0.5 ? 1 : 0;
        }
        int best = 0;
        double bestValue = m.get(r, 0);
        for (int c = 1; c < cols; c++) {
            double v = m.get(r, c);
            if (v > bestValue) {
                best = c;
                bestValue = v;
            }
        }
        return best;
    }

    /** The class of a target row: index of its single 1 (one-hot), or 0/1 for one column; -1 if neither. */
    static int targetClass(Mat y, int r) {
        int cols = y.cols();
        if (cols == 1) {
            double v = y.get(r, 0);
            return v == 0 ? 0 : v == 1 ? 1 : -1;
        }
        int cls = -1;
        for (int c = 0; c < cols; c++) {
            double v = y.get(r, c);
            if (v == 1) {
                if (cls >= 0) {
                    return -1;
                }
                cls = c;
            } else if (v != 0) {
                return -1;
            }
        }
        return cls;
    }

    void add(Mat out, Mat y, double meanLoss) {
        int n = out.rows();
        lossSum += meanLoss * n;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < outputs; c++) {
                double e = out.get(r, c) - y.get(r, c);
                sqErr += e * e;
                absErr += Math.abs(e);
                double t = y.get(r, c);
                ySum += t;
                ySqSum += t * t;
            }
            if (classification) {
                int actual = targetClass(y, r);
                if (actual < 0) {
                    classification = false;
                } else {
                    int predicted = predictedClass(out, r);
                    confusion[actual][predicted]++;
                    if (predicted == actual) {
                        correct++;
                    }
                }
            }
        }
        rows += n;
    }

    Evaluation result() {
        double count = (double) rows * outputs;
        double ssTot = ySqSum - ySum * ySum / count;
        double r2 = ssTot > 0 ? 1 - sqErr / ssTot : Double.NaN;
        return new Evaluation(rows, rows == 0 ? Double.NaN : lossSum / rows,
                classification && rows > 0 ? (double) correct / rows : Double.NaN,
                classification ? confusion : null,
                sqErr / count, absErr / count, r2);
    }
}
