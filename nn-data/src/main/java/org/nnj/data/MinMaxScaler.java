package org.nnj.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * Maps each feature's training range {@code [min, max]} to {@code [0, 1]}: {@code x' = (x - min) / (max - min)}.
 * Values outside the training range map outside [0, 1]; they are not clipped. A constant column
 * ({@code max == min}) is only shifted, {@code x' = x - min}, so it becomes 0 on the training set and never
 * divides by zero. Immutable and thread-safe. Id {@code "minmax"}; statistics {@code "min"} and {@code "max"}.
 */
@API(status = API.Status.STABLE)
public final class MinMaxScaler extends AffineScaler {
    public static final String NAME = "minmax";
    private final double[] min;
    private final double[] max;

    private MinMaxScaler(double[] min, double[] max) {
        super(min, factors(min, max));
        this.min = min;
        this.max = max;
    }

    private static double[] factors(double[] min, double[] max) {
        double[] f = new double[min.length];
        for (int j = 0; j < f.length; j++) {
            f[j] = max[j] > min[j] ? 1.0 / (max[j] - min[j]) : 1.0;
        }
        return f;
    }

    /** Fits the per-feature minimum and maximum of {@code train}'s features. */
    public static MinMaxScaler fit(Dataset train) {
        requireRows(train, NAME);
        Mat x = train.features();
        double[] lo = x.rowToDoubleArray(0);
        double[] hi = lo.clone();
        for (int r = 1; r < x.rows(); r++) {
            for (int c = 0; c < lo.length; c++) {
                double v = x.get(r, c);
                lo[c] = Math.min(lo[c], v);
                hi[c] = Math.max(hi[c], v);
            }
        }
        return new MinMaxScaler(lo, hi);
    }

    /** Re-creates a scaler from saved statistics (copied); needs equal lengths, finite values and {@code min <= max}. */
    public static MinMaxScaler of(double[] min, double[] max) {
        requireSameLength(NAME, "min", min, "max", max);
        requireFinite(NAME, "min", min);
        requireFinite(NAME, "max", max);
        for (int j = 0; j < min.length; j++) {
            if (min[j] > max[j]) {
                throw new IllegalArgumentException("minmax scaler: expected min <= max, got min " + min[j] + " > max "
                        + max[j] + " for feature " + j);
            }
        }
        return new MinMaxScaler(min.clone(), max.clone());
    }

    @Override
    public String name() {
        return NAME;
    }

    public double[] min() {
        return min.clone();
    }

    public double[] max() {
        return max.clone();
    }

    @Override
    public Map<String, double[]> statistics() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("min", min());
        m.put("max", max());
        return m;
    }
}
