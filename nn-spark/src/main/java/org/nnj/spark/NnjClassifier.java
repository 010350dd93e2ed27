package org.nnj.spark;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apiguardian.api.API;

/**
 * A Spark ML estimator that trains an nnj network as a classifier: the label column holds class indices
 * 0..k-1 (as {@code StringIndexer} makes) for a network of k outputs (or 0/1 for one sigmoid output); the model
 * adds the predicted index and the class probabilities (the network's outputs).
 *
 * <pre>{@code
 * NnjClassifier nn = new NnjClassifier().setSpecFile("specs/fashion-mnist.json").setEpochs(5);
 * Pipeline p = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, indexer, nn});
 * PipelineModel m = p.fit(train);
 * m.transform(test).select("prediction", "probability");
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class NnjClassifier extends NnjEstimator {
    private static final long serialVersionUID = 1L;

    public NnjClassifier() {
        this(Identifiable$.MODULE$.randomUID("nnjClassifier"));
    }

    public NnjClassifier(String uid) {
        super(uid);
    }

    @Override
    boolean classifier() {
        return true;
    }

    /** Reads a saved (unfitted) classifier; Spark's Pipeline loader calls this. */
    public static MLReader<NnjClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static NnjClassifier load(String path) {
        return read().load(path);
    }
}
