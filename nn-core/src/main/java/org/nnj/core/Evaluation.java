package org.nnj.core;

import org.apiguardian.api.API;

/**
 * Metrics of a network on a data set.
 *
 * @param samples   rows evaluated
 * @param loss      mean loss per sample (the network's loss function)
 * @param accuracy  fraction of rows whose predicted class equals the target class (argmax of a one-hot target,
 *                  or target >= 0.5 for a single output); NaN when the targets are not class labels
 * @param confusion {@code confusion[actual][predicted]} counts, or null when not a classification
 * @param mse       mean over rows and outputs of the squared error
 * @param mae       mean over rows and outputs of the absolute error
 * @param r2        coefficient of determination over all outputs (1 - SSres / SStot)
 */
@API(status = API.Status.STABLE)
public record Evaluation(long samples, double loss, double accuracy, long[][] confusion, double mse, double mae,
                         double r2) {

    public boolean isClassification() {
        return confusion != null;
    }

    /** Per-class precision: TP / (TP + FP); NaN for a class never predicted. */
    public double precision(int cls) {
        long tp = confusion[cls][cls];
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[cls];
        }
        return predicted == 0 ? Double.NaN : (double) tp / predicted;
    }

    /** Per-class recall: TP / (TP + FN); NaN for a class absent from the targets. */
    public double recall(int cls) {
        long tp = confusion[cls][cls];
        long actual = 0;
        for (long v : confusion[cls]) {
            actual += v;
        }
        return actual == 0 ? Double.NaN : (double) tp / actual;
    }

    /** Per-class F1, the harmonic mean of precision and recall. */
    public double f1(int cls) {
        double p = precision(cls);
        double r = recall(cls);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
