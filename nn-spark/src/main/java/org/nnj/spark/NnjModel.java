package org.nnj.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecWriter;
import scala.Option;

/**
 * A trained nnj network as a Spark ML model: {@link #transform} adds the prediction (the class index with the
 * highest output for a classifier, the output for a regressor) and, for a classifier, the probability vector (the
 * outputs; {@code [1 - p, p]} for one sigmoid output). Rows are predicted a block at a time in primitive arrays,
 * one network per partition. Saved as Spark ML metadata plus the nnj model file {@code model.safetensors}
 * ({@code nn predict} and {@code ModelFile.load} read it too).
 */
@API(status = API.Status.EXPERIMENTAL)
public final class NnjModel extends Model<NnjModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** Rows per block in {@link #transform}. */
    private static final int BLOCK = 256;
    static final String MODEL_FILE = "model.safetensors";
    static final String TASK = "spark.task";

    private final String uid;
    private final String specJson;
    private final double[] parameters;
    private final boolean classifier;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;

    NnjModel(String uid, ModelSpec spec, double[] parameters, boolean classifier) {
        this.uid = uid;
        this.specJson = SpecWriter.toCompactJson(spec);
        this.parameters = parameters.clone();
        this.classifier = classifier;
        featuresCol = new Param<>(this, "featuresCol", "the features column (a vector)");
        predictionCol = new Param<>(this, "predictionCol", "the prediction column to add");
        probabilityCol = new Param<>(this, "probabilityCol", "the class probabilities column to add (classifiers; "
                + "empty for none)");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, classifier ? "probability" : "");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public NnjModel setFeaturesCol(String c) {
        set(featuresCol, c);
        return this;
    }

    public NnjModel setPredictionCol(String c) {
        set(predictionCol, c);
        return this;
    }

    public NnjModel setProbabilityCol(String c) {
        set(probabilityCol, c);
        return this;
    }

    /** Whether this model predicts classes. */
    public boolean isClassifier() {
        return classifier;
    }

    /** The spec the network was trained from (with the estimator's overrides). */
    public ModelSpec spec() {
        return new org.nnj.io.SpecReader(Nets.registry()).read(specJson, "the spec of model " + uid);
    }

    /** A new network with this model's parameters. */
    public Network network() {
        Network net = Network.build(spec().network(), Nets.registry());
        Replica.copyInto(parameters, 0, net.parameters());
        return net;
    }

    /** The parameters, laid out like {@code Network.parameters()}. */
    public double[] parameters() {
        return parameters.clone();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String f = getOrDefault(featuresCol);
        NnjEstimator.requireColumn(schema, f, "featuresCol");
        if (!schema.apply(f).dataType().equals(SQLDataTypes.VectorType())) {
            throw new ConfigException("featuresCol", "column \"" + f + "\" is " + schema.apply(f).dataType()
                    .simpleString() + "; expected a vector (assemble it with VectorAssembler)");
        }
        StructType out = schema.add(getOrDefault(predictionCol), DataTypes.DoubleType, false);
        String p = getOrDefault(probabilityCol);
        return classifier && !p.isEmpty() ? out.add(p, SQLDataTypes.VectorType(), false) : out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = transformSchema(dataset.schema());
        int featureIndex = dataset.schema().fieldIndex(getOrDefault(featuresCol));
        boolean probabilities = classifier && !getOrDefault(probabilityCol).isEmpty();
        String json = specJson;
        double[] params = parameters;
        boolean cls = classifier;
        JavaRDD<Row> out = dataset.toDF().javaRDD().mapPartitions(rows -> predict(rows, json, params, cls,
                featureIndex, probabilities));
        return dataset.sparkSession().createDataFrame(out, schema);
    }

    private static Iterator<Row> predict(Iterator<Row> rows, String json, double[] params, boolean classifier,
                                         int featureIndex, boolean probabilities) {
        ModelSpec spec = new org.nnj.io.SpecReader(Nets.registry()).read(json, "the model's spec");
        Network net = Network.build(spec.network(), Nets.registry());
        Replica.copyInto(params, 0, net.parameters());
        int features = net.inputSize();
        Mat block = Mat.zeros(net.precision(), BLOCK, features);
        Mat output = Mat.zeros(net.precision(), BLOCK, net.outputSize());
        return new Iterator<>() {
            private final List<Row> pending = new ArrayList<>(BLOCK);
            private final List<Row> ready = new ArrayList<>(BLOCK);
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                fill();
                return next < ready.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.get(next++);
            }

            private void fill() {
                ready.clear();
                next = 0;
                pending.clear();
                while (pending.size() < BLOCK && rows.hasNext()) {
                    Row r = rows.next();
                    Object v = r.get(featureIndex);
                    if (!(v instanceof Vector vec) || vec.size() != features) {
                        throw new IllegalArgumentException("features column: expected a vector of " + features
                                + " values (the network's input size), got " + (v instanceof Vector vv
                                ? "a vector of " + vv.size() : v == null ? "null" : v.getClass().getSimpleName()));
                    }
                    int at = pending.size();
                    for (int c = 0; c < features; c++) {
                        block.set(at, c, vec.apply(c));
                    }
                    pending.add(r);
                }
                int m = pending.size();
                if (m == 0) {
                    return;
                }
                Mat out = output.rows(0, m);
                net.predictInto(block.rows(0, m), out);
                int k = out.cols();
                for (int i = 0; i < m; i++) {
                    Row r = pending.get(i);
                    Object[] values = Arrays.copyOf(toArray(r), r.size() + (probabilities ? 2 : 1));
                    if (classifier) {
                        double[] p = k == 1 ? new double[] {1 - out.get(i, 0), out.get(i, 0)} : new double[k];
                        if (k > 1) {
                            for (int c = 0; c < k; c++) {
                                p[c] = out.get(i, c);
                            }
                        }
                        int best = 0;
                        for (int c = 1; c < p.length; c++) {
                            if (p[c] > p[best]) {
                                best = c;
                            }
                        }
                        values[r.size()] = (double) best;
                        if (probabilities) {
                            values[r.size() + 1] = Vectors.dense(p);
                        }
                    } else {
                        values[r.size()] = out.get(i, 0);
                    }
                    ready.add(RowFactory.create(values));
                }
            }
        };
    }

    private static Object[] toArray(Row r) {
        Object[] a = new Object[r.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.get(i);
        }
        return a;
    }

    @Override
    public NnjModel copy(ParamMap extra) {
        NnjModel m = new NnjModel(uid, spec(), parameters, classifier);
        copyValues(m, extra);
        if (hasParent()) {
            m.setParent(parent());
        }
        return m;
    }

    // ------------------------------------------------------------------ persistence

    /** Saves the model file of this model to {@code file} (a local path). */
    public void saveModelFile(Path file) {
        Network net = network();
        ModelFile.save(file, net, spec(), ModelMetadata.empty().withExtra(TASK, classifier ? "classification"
                : "regression"));
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<NnjModel> read() {
        return new Reader();
    }

    public static NnjModel load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final NnjModel model;

        Writer(NnjModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
            Path local = null;
            try {
                local = Files.createTempFile("nnj-model", ".safetensors");
                model.saveModelFile(local);
                org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path, MODEL_FILE);
                FileSystem fs = target.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the nnj model file under " + path + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(local);
            }
        }
    }

    private static final class Reader extends MLReader<NnjModel> {
        @Override
        public NnjModel load(String path) {
            DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    NnjModel.class.getName());
            Path local = null;
            try {
                local = Files.createTempFile("nnj-model", ".safetensors");
                org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(path, MODEL_FILE);
                FileSystem fs = source.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(local.toUri()), true);
                LoadedModel loaded = ModelFile.load(local, Nets.registry());
                String task = loaded.metadata().extra().get(TASK);
                if (task == null) {
                    throw new IllegalArgumentException(source + ": the model file has no \"extra." + TASK
                            + "\" entry (classification or regression); it was not saved by NnjModel");
                }
                NnjModel m = new NnjModel(meta.uid(), loaded.spec(), loaded.network().parameters().toDoubleArray(),
                        task.equals("classification"));
                meta.getAndSetParams(m, Option.empty());
                return m;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the nnj model file under " + path + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(local);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
