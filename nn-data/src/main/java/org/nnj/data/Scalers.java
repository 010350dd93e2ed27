package org.nnj.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;

/**
 * Scalers by id: fitting one on a training set ({@link #fit}) and re-creating one from the statistics a model
 * file saved ({@link #fromStatistics}). Unknown ids fail naming the known ones. Stateless and thread-safe.
 */
@API(status = API.Status.STABLE)
public final class Scalers {
    /** The id of the identity scaler. */
    public static final String NONE_NAME = "none";

    /** The known ids, sorted. */
    public static final List<String> NAMES = List.of(MinMaxScaler.NAME, Scalers.NONE_NAME, StandardScaler.NAME);

    private static final Scaler NONE = new Scaler() {
        @Override
        public String name() {
            return NONE_NAME;
        }

        @Override
        public int featureCount() {
            return -1;
        }

        @Override
        public void transformInPlace(Mat features) {
            Objects.requireNonNull(features, "features");
        }

        @Override
        public Dataset transform(Dataset data) {
            return Objects.requireNonNull(data, "data");
        }

        @Override
        public Map<String, double[]> statistics() {
            return Map.of();
        }

        @Override
        public String toString() {
            return NONE_NAME;
        }
    };

    private Scalers() {
    }

    /** The identity scaler, id "none": {@link Scaler#transform} returns its argument. */
    public static Scaler none() {
        return NONE;
    }

    /**
     * Fits the scaler {@code name} on {@code train} (the training split only).
     *
     * @throws ConfigException naming the known ids when {@code name} is unknown
     */
    public static Scaler fit(String name, Dataset train) {
        Objects.requireNonNull(train, "train");
        switch (known(name)) {
            case MinMaxScaler.NAME: return MinMaxScaler.fit(train);
            case StandardScaler.NAME: return StandardScaler.fit(train);
            default: return NONE;
        }
    }

    /**
     * Re-creates a scaler from {@link Scaler#statistics()} as saved.
     *
     * @throws ConfigException          for an unknown id
     * @throws IllegalArgumentException when a statistic is missing, of the wrong length, or not finite
     */
    public static Scaler fromStatistics(String name, Map<String, double[]> statistics) {
        Objects.requireNonNull(statistics, "statistics");
        switch (known(name)) {
            case MinMaxScaler.NAME:
                return MinMaxScaler.of(stat(name, statistics, "min"), stat(name, statistics, "max"));
            case StandardScaler.NAME:
                return StandardScaler.of(stat(name, statistics, "mean"), stat(name, statistics, "std"));
            default:
                return NONE;
        }
    }

    private static String known(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new ConfigException("scaler", "unknown scaler \"" + name + "\"; known: " + String.join(", ", NAMES));
        }
        return name;
    }

    private static double[] stat(String scaler, Map<String, double[]> statistics, String key) {
        double[] v = statistics.get(key);
        if (v == null) {
            throw new IllegalArgumentException(scaler + " scaler: expected a statistic \"" + key + "\", found only "
                    + statistics.keySet());
        }
        return v;
    }
}
