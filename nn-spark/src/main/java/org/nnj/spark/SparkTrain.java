package org.nnj.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.core.Evaluation;
import org.nnj.core.Nets;
import org.nnj.core.TrainingSpec;
import org.nnj.data.MnistDirectory;
import org.nnj.io.DataSpec;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;
import org.nnj.report.Plots;
import org.nnj.report.TerminalProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class org.nnj.spark.SparkTrain nn-spark.jar --spec FILE --data PATH ...}: {@code nn train}'s
 * arguments, trained data-parallel on the cluster spark-submit names. Data: a CSV file with a header row (any path
 * Spark reads: local, HDFS, S3...), read by Spark and prepared by a Spark ML pipeline (VectorAssembler, StringIndexer
 * for classes, the spec's scaling), or an IDX directory in the MNIST layout, which each executor reads from the
 * same local path. Progress (epoch, loss, samples/s, communication) goes to the driver's log through SLF4J, and
 * to standard output as {@code nn train}'s progress bar; test metrics to standard output; the model to {@code --out}
 * as an nnj model file, the whole fitted pipeline next to it ({@code <out>.spark/}), and {@code nn train}'s PNG
 * charts next to it ({@code <out stem>-loss.png}, {@code -confusion.png}) unless {@code --no-plots}.
 */
@Command(name = "nn-spark train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the network a spec file describes on a Spark cluster, report test metrics, save the model.")
@API(status = API.Status.EXPERIMENTAL)
public final class SparkTrain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrain.class);

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "the network spec (JSON)")
    Path spec;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "CSV file (with a header) or IDX directory")
    String data;

    @Option(names = "--epochs", paramLabel = "N", description = "override the spec's epochs")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "override the spec's (global) batch size")
    Integer batchSize;

    @Option(names = "--out", paramLabel = "FILE", description = "where to save the model (default runs/<spec name>/model.safetensors)")
    Path out;

    @Option(names = "--task", defaultValue = "auto", paramLabel = "TASK",
            description = "classification, regression or auto (classification for cross-entropy or a softmax output)")
    String task;

    @Option(names = "--backend", paramLabel = "NAME", description = "as nn train's; only the built-in cpu backend runs on executors")
    String backend;

    @Option(names = "--no-plots", description = "do not write the PNG charts (loss, accuracy, confusion matrix)")
    boolean noPlots;

    @Option(names = "--resume", description = "as nn train's; not available here (a lost executor resumes by itself)")
    boolean resume;

    @Option(names = "--mode", defaultValue = "sync", paramLabel = "MODE", description = "sync, sync-tree or averaging")
    String mode;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "N",
            description = "replicas, one task slot each (default: Spark's default parallelism)")
    int workers;

    @Option(names = "--local-steps", defaultValue = "1", paramLabel = "K", description = "averaging: local steps between averages")
    int localSteps;

    public static void main(String[] args) {
        int code = new CommandLine(new SparkTrain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        }).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (backend != null && !backend.equals("cpu")) {
            throw new ConfigException("--backend", "only the built-in cpu backend runs on executors, got " + backend);
        }
        if (resume) {
            throw new ConfigException("--resume", "nn-spark keeps its checkpoint on the driver and resumes a lost "
                    + "executor's stage by itself; a restarted driver starts over");
        }
        ModelSpec model = new SpecReader(Nets.registry()).read(spec);
        TrainingSpec training = model.training();
        if (epochs != null) {
            training = training.withEpochs(epochs);
        }
        if (batchSize != null) {
            training = training.withBatchSize(batchSize);
        }
        model = model.withTraining(training);
        boolean classes = switch (task) {
            case "classification" -> true;
            case "regression" -> false;
            case "auto" -> model.network().loss().name().contains("crossentropy")
                    || model.network().layers().get(model.network().layers().size() - 1).toString().contains("softmax");
            default -> throw new ConfigException("--task", "expected classification, regression or auto, got " + task);
        };
        // executors get Spark's module options from Spark, not the Vector API's (read before the context starts)
        SparkSession spark = SparkSession.builder().appName("nn-spark train " + model.name())
                .config("spark.executor.extraJavaOptions",
                        SparkTrainer.executorJavaOptions(System.getProperty("spark.executor.extraJavaOptions")))
                .getOrCreate();
        try {
            return run(spark, model, classes);
        } finally {
            spark.stop();
        }
    }

    private int run(SparkSession spark, ModelSpec model, boolean classes) throws java.io.IOException {
        DataSpec dataSpec = model.data() != null ? model.data() : DataSpec.defaults();
        Path local = Path.of(data);
        boolean idx = Files.isDirectory(local) && "idx".equals(dataSpec.formatFor(local));
        long seed = model.training().shuffleSeed(model.network().seed());
        List<PipelineStage> stages = new ArrayList<>();
        Dataset<Row> train;
        Dataset<Row> test;
        if (idx) {
            int parts = Math.max(2, spark.sparkContext().defaultParallelism());
            train = idxFrame(spark, data, false, parts);
            test = idxFrame(spark, data, true, parts);
        } else {
            Dataset<Row> all = spark.read().option("header", "true").option("inferSchema", "true").csv(data);
            String label = labelColumn(all.schema(), dataSpec);
            List<String> features = new ArrayList<>();
            for (StructField f : all.schema().fields()) {
                if (!f.name().equals(label)) {
                    if (!(f.dataType() instanceof NumericType)) {
                        throw new ConfigException("--data", data + ": column \"" + f.name() + "\" is "
                                + f.dataType().simpleString() + "; every feature column must be numeric");
                    }
                    features.add(f.name());
                }
            }
            all = all.withColumnRenamed(label, "nn_label_raw");
            stages.add(new VectorAssembler().setInputCols(features.toArray(new String[0])).setOutputCol("nn_raw"));
            String scaling = dataSpec.scalingFor("csv");
            switch (scaling) {
                case "standard" -> stages.add(new StandardScaler().setInputCol("nn_raw").setOutputCol("features")
                        .setWithMean(true).setWithStd(true));
                case "minmax" -> stages.add(new MinMaxScaler().setInputCol("nn_raw").setOutputCol("features"));
                default -> stages.add(new VectorAssembler().setInputCols(new String[] {"nn_raw"}).setOutputCol("features"));
            }
            if (classes) {
                stages.add(new StringIndexer().setInputCol("nn_label_raw").setOutputCol("label")
                        .setStringOrderType("alphabetAsc"));
            } else {
                all = all.withColumn("label", functions.col("nn_label_raw").cast(DataTypes.DoubleType));
            }
            Dataset<Row>[] split = all.randomSplit(new double[] {1 - dataSpec.testSplit(), dataSpec.testSplit()}, seed);
            train = split[0];
            test = split[1];
        }
        NnjEstimator nn = (classes ? new NnjClassifier() : new NnjRegressor())
                .setSpec(org.nnj.io.SpecWriter.toJson(model)).setMode(mode).setWorkers(workers).setLocalSteps(localSteps);
        // nn train's progress bar (a bar on a terminal, a line per epoch elsewhere), beside the SLF4J lines
        nn.addListener(new TerminalProgress(System.out, TerminalProgress.stdoutIsTerminal()));
        stages.add(nn);
        System.out.printf(Locale.ROOT, "spec %s: %s, %d epochs, global batch %d, mode %s%n", spec, model.name(),
                model.training().epochs(), model.training().batchSize(), TrainingMode.parse(mode).id());
        PipelineModel fitted = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
        NnjModel trained = (NnjModel) fitted.stages()[fitted.stages().length - 1];
        SparkTrainer.Result result = nn.lastResult();
        SparkTrainer.EpochStats last = result.epochs().get(result.epochs().size() - 1);
        System.out.printf(Locale.ROOT, "trained: loss %.6f after epoch %d (%.0f samples/s in the last epoch)%n",
                last.loss(), last.epoch(), last.samplesPerSecond());
        Dataset<Row> predicted = fitted.transform(test);
        long n = predicted.count();
        Evaluation confusion = null;
        if (n > 0) {
            if (classes) {
                confusion = confusion(predicted, n, result.network().outputSize());
                System.out.printf(Locale.ROOT, "test metrics (%d held-out rows): accuracy %.4f%n", n,
                        confusion.accuracy());
            } else {
                Row r = predicted.select(functions.sqrt(functions.avg(functions.pow(
                        functions.col("label").minus(functions.col("prediction")), 2)))).first();
                System.out.printf(Locale.ROOT, "test metrics (%d held-out rows): rmse %.6f%n", n, r.getDouble(0));
            }
        }
        Path modelPath = out != null ? out : Path.of("runs", model.name(), "model.safetensors");
        Path dir = modelPath.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        trained.saveModelFile(modelPath);
        String stem = modelPath.getFileName().toString().replaceFirst("\\..*$", "");
        String pipelinePath = dir.resolve(stem + ".spark").toUri().toString();
        fitted.write().overwrite().save(pipelinePath);
        System.out.println("model written to " + modelPath);
        System.out.println("fitted pipeline written to " + pipelinePath);
        if (!noPlots) {
            Path prefix = modelPath.resolveSibling(stem);
            List<Path> charts = new ArrayList<>(Plots.history(result.epochs().stream()
                    .map(SparkTrainer.EpochStats::asEpochResult).toList(), prefix));
            if (confusion != null) {
                charts.add(Plots.confusion(confusion, classNames(fitted), prefix));
            }
            for (Path c : charts) {
                System.out.println("chart written to " + c);
            }
        }
        LOG.info("done: {} epochs, stage attempts {}", result.epochs().size(), result.stageAttempts());
        return 0;
    }

    /** The test rows' confusion matrix (actual x predicted class), counted by Spark: k x k counts reach the driver. */
    static Evaluation confusion(Dataset<Row> predicted, long n, int outputs) {
        List<Row> cells = predicted.groupBy("label", "prediction").count().collectAsList();
        int k = Math.max(2, outputs);
        for (Row r : cells) {
            k = Math.max(k, (int) Math.max(((Number) r.get(0)).doubleValue(), ((Number) r.get(1)).doubleValue()) + 1);
        }
        long[][] m = new long[k][k];
        long correct = 0;
        for (Row r : cells) {
            int actual = (int) ((Number) r.get(0)).doubleValue();
            int guess = (int) ((Number) r.get(1)).doubleValue();
            m[actual][guess] += r.getLong(2);
            correct += actual == guess ? r.getLong(2) : 0;
        }
        return new Evaluation(n, Double.NaN, (double) correct / n, m, Double.NaN, Double.NaN, Double.NaN);
    }

    /** The class names the pipeline's StringIndexer found (index order), or null (an IDX directory: indices). */
    private static List<String> classNames(PipelineModel fitted) {
        for (org.apache.spark.ml.Transformer t : fitted.stages()) {
            if (t instanceof org.apache.spark.ml.feature.StringIndexerModel s) {
                return List.of(s.labelsArray()[0]);
            }
        }
        return null;
    }

    private static String labelColumn(StructType schema, DataSpec d) {
        String[] names = schema.fieldNames();
        if (d.labelName() != null) {
            if (!Arrays.asList(names).contains(d.labelName())) {
                throw new ConfigException("data.label", "no column \"" + d.labelName() + "\"; the columns are "
                        + Arrays.toString(names));
            }
            return d.labelName();
        }
        int i = d.labelIndex() == null ? -1 : d.labelIndex();
        int at = i < 0 ? names.length + i : i;
        if (at < 0 || at >= names.length) {
            throw new ConfigException("data.label", "column index " + i + " is outside the " + names.length + " columns");
        }
        return names[at];
    }

    /**
     * An IDX directory's training or test part as a DataFrame of (features, label), read on the executors: task
     * {@code p} of {@code parts} reads the files and keeps rows {@code p * n / parts ..}.
     */
    static Dataset<Row> idxFrame(SparkSession spark, String dir, boolean testPart, int parts) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false);
        Dataset<Integer> slices = spark.createDataset(java.util.stream.IntStream.range(0, parts).boxed().toList(),
                Encoders.INT()).repartition(parts);
        org.apache.spark.api.java.JavaRDD<Row> rows = slices.javaRDD().flatMap((Integer p) -> {
            org.nnj.data.Dataset d = testPart ? MnistDirectory.test(Path.of(dir), Precision.FLOAT32)
                    : MnistDirectory.train(Path.of(dir), Precision.FLOAT32);
            Mat x = d.features();
            int n = d.size();
            int from = (int) ((long) p * n / parts);
            int to = (int) ((long) (p + 1) * n / parts);
            // rows made one at a time as Spark pulls them
            return java.util.stream.IntStream.range(from, to).mapToObj(r -> {
                double[] f = new double[x.cols()];
                for (int c = 0; c < f.length; c++) {
                    f[c] = x.get(r, c);
                }
                return RowFactory.create(Vectors.dense(f).compressed(), (double) d.label(r));
            }).iterator();
        });
        return spark.createDataFrame(rows, schema);
    }
}
