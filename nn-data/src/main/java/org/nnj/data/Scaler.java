package org.nnj.data;

import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * A per-feature affine transform {@code x' = (x - shift[j]) * factor[j]} fitted on a training set only and
 * then applied unchanged to validation, test and prediction inputs. Its statistics are plain arrays
 * ({@link #statistics()}) so a model file can save them, and {@link Scalers#fromStatistics} re-creates it.
 * Implementations are immutable and thread-safe.
 *
 * <p>{@link #transform(Dataset)} copies the features. A caller that owns a dataset outright (it just loaded it
 * or made it with {@link Splits#splitInPlace}) can scale it without a copy:
 * {@code scaler.transformInPlace(train.features())}.
 */
@API(status = API.Status.STABLE)
public interface Scaler {
    /** The stable lowercase id stored in model files: "minmax", "standard" or "none". */
    String name();

    /** The feature count this scaler was fitted on, or -1 when it accepts any (the "none" scaler). */
    int featureCount();

    /** Scales {@code features} (one row per sample) in place. */
    void transformInPlace(Mat features);

    /** A new dataset with scaled copies of the features; targets and labels are shared, not copied. */
    default Dataset transform(Dataset data) {
        Mat copy = MatRows.copy(data.features(), data.precision());
        transformInPlace(copy);
        return data.withFeatures(copy);
    }

    /**
     * The fitted statistics by name, in a stable order ("min", "max" or "mean", "std"; none for "none").
     * The arrays are copies.
     */
    Map<String, double[]> statistics();

    /**
     * The transform as {@code {shift, factor}} with {@code x' = (x - shift[j]) * factor[j]} (copies), for code that
     * rebuilds it elsewhere, such as an ONNX export; empty for the "none" scaler, which changes nothing.
     */
    default Optional<double[][]> affine() {
        return Optional.empty();
    }
}
