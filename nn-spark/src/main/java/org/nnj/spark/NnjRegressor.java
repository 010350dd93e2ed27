package org.nnj.spark;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apiguardian.api.API;

/**
 * A Spark ML estimator that trains an nnj network of one output as a regressor: the label column holds numbers;
 * the model adds the prediction (the network's output).
 */
@API(status = API.Status.EXPERIMENTAL)
public final class NnjRegressor extends NnjEstimator {
    private static final long serialVersionUID = 1L;

    public NnjRegressor() {
        this(Identifiable$.MODULE$.randomUID("nnjRegressor"));
    }

    public NnjRegressor(String uid) {
        super(uid);
    }

    @Override
    boolean classifier() {
        return false;
    }

    /** Reads a saved (unfitted) classifier; Spark's Pipeline loader calls this. */
    public static MLReader<NnjRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static NnjRegressor load(String path) {
        return read().load(path);
    }
}
