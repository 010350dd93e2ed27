package org.nnj.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.core.Nets;
import org.nnj.core.TrainingListener;
import org.nnj.core.TrainingSpec;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/**
 * What {@link NnjClassifier} and {@link NnjRegressor} share: the Spark ML Params (the spec as JSON, the columns,
 * epochs, global batch size, training mode, seed, workers, local steps) and {@link #fit}, which trains with
 * {@link SparkTrainer} and returns an {@link NnjModel}. Epochs, batch size and seed left at their defaults (0, 0,
 * -1) are the spec's.
 */
@API(status = API.Status.EXPERIMENTAL)
public abstract class NnjEstimator extends Estimator<NnjModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> spec;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final Param<String> mode;
    private final LongParam seed;
    private final IntParam workers;
    private final IntParam localSteps;

    protected NnjEstimator(String uid) {
        // the uid first: every Param names its parent's uid when it is made
        this.uid = uid;
        spec = new Param<>(this, "spec", "the nnj spec (JSON text, as in a spec file)");
        featuresCol = new Param<>(this, "featuresCol", "the features column (a vector, as VectorAssembler makes)");
        labelCol = new Param<>(this, "labelCol", "the label column (a class index for a classifier, a number for a "
                + "regressor)");
        predictionCol = new Param<>(this, "predictionCol", "the prediction column to add");
        probabilityCol = new Param<>(this, "probabilityCol", "the class probabilities column to add (classifiers; "
                + "empty for none)");
        epochs = new IntParam(this, "epochs", "epochs to train (0: the spec's)");
        batchSize = new IntParam(this, "batchSize", "the global mini-batch, split across workers (0: the spec's)");
        mode = new Param<>(this, "mode", "training mode: sync (barrier stage, ring all-reduce), sync-tree "
                + "(treeAggregate per step) or averaging (parameter averaging every localSteps steps)");
        seed = new LongParam(this, "seed", "seed of the shuffles (-1: the spec's)");
        workers = new IntParam(this, "workers", "replicas, one partition and one task slot each (0: Spark's default "
                + "parallelism)");
        localSteps = new IntParam(this, "localSteps", "averaging mode: local steps between averages");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(epochs, (Object) 0);
        setDefault(batchSize, (Object) 0);
        setDefault(mode, TrainingMode.SYNC.id());
        setDefault(seed, (Object) (-1L));
        setDefault(workers, (Object) 0);
        setDefault(localSteps, (Object) 1);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> spec() {
        return spec;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public IntParam epochs() {
        return epochs;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public Param<String> mode() {
        return mode;
    }

    public LongParam seed() {
        return seed;
    }

    public IntParam workers() {
        return workers;
    }

    public IntParam localSteps() {
        return localSteps;
    }

    public NnjEstimator setSpec(String json) {
        set(spec, json);
        return this;
    }

    /** Reads the spec from a spec file on the driver. */
    public NnjEstimator setSpecFile(String file) {
        try {
            return setSpec(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new ConfigException("spec", "cannot read the spec file " + file + ": " + e.getMessage());
        }
    }

    public NnjEstimator setFeaturesCol(String c) {
        set(featuresCol, c);
        return this;
    }

    public NnjEstimator setLabelCol(String c) {
        set(labelCol, c);
        return this;
    }

    public NnjEstimator setPredictionCol(String c) {
        set(predictionCol, c);
        return this;
    }

    public NnjEstimator setProbabilityCol(String c) {
        set(probabilityCol, c);
        return this;
    }

    public NnjEstimator setEpochs(int e) {
        set(epochs, (Object) e);
        return this;
    }

    public NnjEstimator setBatchSize(int b) {
        set(batchSize, (Object) b);
        return this;
    }

    public NnjEstimator setMode(String m) {
        set(mode, TrainingMode.parse(m).id());
        return this;
    }

    public NnjEstimator setSeed(long s) {
        set(seed, (Object) s);
        return this;
    }

    public NnjEstimator setWorkers(int w) {
        set(workers, (Object) w);
        return this;
    }

    public NnjEstimator setLocalSteps(int k) {
        set(localSteps, (Object) k);
        return this;
    }

    /** Whether labels are class indices (a classifier) or numbers (a regressor). */
    abstract boolean classifier();

    /** The spec with this estimator's overrides (epochs, batch size, seed). */
    public ModelSpec resolvedSpec() {
        if (!isDefined(spec)) {
            throw new ConfigException("spec", "no spec: call setSpec(json) or setSpecFile(path)");
        }
        ModelSpec s = new SpecReader(Nets.registry()).read(getOrDefault(spec), "the spec param of " + uid);
        TrainingSpec t = s.training();
        int e = (Integer) getOrDefault(epochs);
        int b = (Integer) getOrDefault(batchSize);
        long sd = (Long) getOrDefault(seed);
        t = new TrainingSpec(t.optimizer(), e > 0 ? e : t.epochs(), b > 0 ? b : t.batchSize(), t.shuffle(),
                sd >= 0 ? Long.valueOf(sd) : t.seed(), t.schedule(), t.clipValue(), t.clipNorm(), t.earlyStopping(),
                t.validationSplit(), t.checkpointEvery());
        return s.withTraining(t);
    }

    /** The last fit's figures (on the driver that ran it), or null. */
    private transient SparkTrainer.Result lastResult;

    public SparkTrainer.Result lastResult() {
        return lastResult;
    }

    /** Listeners of the next fits on this driver (not a Param: neither saved nor copied). */
    private transient List<TrainingListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a listener of training progress on the driver ({@link SparkTrainer#listener}), e.g. a progress bar. */
    public NnjEstimator addListener(TrainingListener listener) {
        if (listeners == null) {
            listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        }
        listeners.add(listener);
        return this;
    }

    @Override
    public NnjModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        ModelSpec s = resolvedSpec();
        int w = (Integer) getOrDefault(workers);
        if (w <= 0) {
            w = SparkTrainer.defaultWorkers(dataset.sparkSession().sparkContext());
        }
        SparkTrainer trainer = new SparkTrainer(s, TrainingMode.parse(getOrDefault(mode)), w,
                (Integer) getOrDefault(localSteps));
        if (listeners != null) {
            listeners.forEach(trainer::listener);
        }
        SparkTrainer.Result r = trainer.fit(dataset.toDF(), getOrDefault(featuresCol), getOrDefault(labelCol),
                classifier() ? PartitionRows.Targets.CLASS_INDEX : PartitionRows.Targets.VALUE);
        lastResult = r;
        NnjModel model = new NnjModel(uid + "_model", s, r.network().parameters().toDoubleArray(), classifier());
        model.set(model.featuresCol(), getOrDefault(featuresCol));
        model.set(model.predictionCol(), getOrDefault(predictionCol));
        model.set(model.probabilityCol(), classifier() ? getOrDefault(probabilityCol) : "");
        model.setParent(this);
        return model;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String f = getOrDefault(featuresCol);
        String l = getOrDefault(labelCol);
        requireColumn(schema, f, "featuresCol");
        requireColumn(schema, l, "labelCol");
        if (!schema.apply(f).dataType().equals(SQLDataTypes.VectorType())) {
            throw new ConfigException("featuresCol", "column \"" + f + "\" is " + schema.apply(f).dataType()
                    .simpleString() + "; expected a vector (assemble it with VectorAssembler)");
        }
        if (!(schema.apply(l).dataType() instanceof org.apache.spark.sql.types.NumericType)) {
            throw new ConfigException("labelCol", "column \"" + l + "\" is " + schema.apply(l).dataType().simpleString()
                    + "; expected a number" + (classifier() ? " (index string labels with StringIndexer)" : ""));
        }
        StructType out = schema.add(getOrDefault(predictionCol), DataTypes.DoubleType, false);
        String p = getOrDefault(probabilityCol);
        return classifier() && !p.isEmpty() ? out.add(p, SQLDataTypes.VectorType(), false) : out;
    }

    static void requireColumn(StructType schema, String name, String param) {
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new ConfigException(param, "the data has no column \"" + name + "\"; its columns are "
                    + java.util.Arrays.toString(schema.fieldNames()));
        }
    }

    @Override
    public NnjEstimator copy(ParamMap extra) {
        return (NnjEstimator) defaultCopy(extra);
    }
}
