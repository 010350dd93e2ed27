package org.nnj.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * Centres each feature on its training mean and divides by its training standard deviation:
 * {@code x' = (x - mean) / std}, with the population standard deviation (divisor n, as scikit-learn's
 * {@code StandardScaler}). A constant column ({@code std == 0}) is only centred (divided by 1, as
 * scikit-learn does). Computed in double with two passes. Immutable and thread-safe. Id {@code "standard"};
 * statistics {@code "mean"} and {@code "std"}.
 */
@API(status = API.Status.STABLE)
public final class StandardScaler extends AffineScaler {
    public static final String NAME = "standard";
    private final double[] mean;
    private final double[] std;

    private StandardScaler(double[] mean, double[] std) {
        super(mean, factors(std));
        this.mean = mean;
        this.std = std;
    }

    private static double[] factors(double[] std) {
        double[] f = new double[std.length];
        for (int j = 0; j < f.length; j++) {
            f[j] = std[j] > 0 ? 1.0 / std[j] : 1.0;
        }
        return f;
    }

    /** Fits the per-feature mean and standard deviation of {@code train}'s features. */
    public static StandardScaler fit(Dataset train) {
        requireRows(train, NAME);
        Mat x = train.features();
        int n = x.rows();
        int d = x.cols();
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x.get(r, c);
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        double[] std = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                double dev = x.get(r, c) - mean[c];
                std[c] += dev * dev;
            }
        }
        for (int c = 0; c < d; c++) {
            std[c] = Math.sqrt(std[c] / n);
        }
        return new StandardScaler(mean, std);
    }

    /** Re-creates a scaler from saved statistics (copied); needs equal lengths, finite values and {@code std >= 0}. */
    public static StandardScaler of(double[] mean, double[] std) {
        requireSameLength(NAME, "mean", mean, "std", std);
        requireFinite(NAME, "mean", mean);
        requireFinite(NAME, "std", std);
        for (int j = 0; j < std.length; j++) {
            if (std[j] < 0) {
                throw new IllegalArgumentException("standard scaler: expected std >= 0, got " + std[j]
                        + " for feature " + j);
            }
        }
        return new StandardScaler(mean.clone(), std.clone());
    }

    @Override
    public String name() {
        return NAME;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    @Override
    public Map<String, double[]> statistics() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("mean", mean());
        m.put("std", std());
        return m;
    }
}
