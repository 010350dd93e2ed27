package org.nnj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.ConfigException;
import org.nnj.io.ModelFile;

/**
 * The Spark ML face: a Pipeline of VectorAssembler, StandardScaler, StringIndexer and NnjClassifier fits, predicts
 * well, saves, and loads back predicting the same; the saved model directory holds an nnj model file that
 * ModelFile reads; a regressor fits a line; bad columns are named.
 */
class NnjPipelineTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("NnjPipelineTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Six numeric columns and a string label, as a user's table would have them. */
    private static Dataset<Row> table(int rows, long seed) {
        LocalSpark.Synthetic s = LocalSpark.classes(rows, 6, seed);
        String[] names = {"cat", "dog", "eel"};
        List<Row> out = new ArrayList<>();
        StructType schema = new StructType();
        for (int c = 0; c < 6; c++) {
            schema = schema.add("f" + c, DataTypes.DoubleType, false);
        }
        schema = schema.add("kind", DataTypes.StringType, false);
        for (int r = 0; r < rows; r++) {
            Object[] v = new Object[7];
            for (int c = 0; c < 6; c++) {
                v[c] = s.x().get(r, c) * 10 + c; // off-centre, wide: the scaler has work to do
            }
            v[6] = names[(int) s.labels()[r]];
            out.add(RowFactory.create(v));
        }
        return spark.createDataFrame(out, schema);
    }

    @Test
    void aPipelineWithAssemblerScalerAndIndexerFitsPredictsSavesAndLoads(@TempDir Path dir) throws Exception {
        Dataset<Row> train = table(600, 11);
        Dataset<Row> test = table(200, 12);
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"f0", "f1", "f2", "f3", "f4", "f5"})
                .setOutputCol("raw");
        StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true);
        StringIndexer indexer = new StringIndexer().setInputCol("kind").setOutputCol("label");
        NnjClassifier nn = (NnjClassifier) new NnjClassifier()
                .setSpec(LocalSpark.spec("float32", "{\"name\": \"adam\", \"lr\": 0.02}", 30, 32)).setWorkers(2);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, indexer, nn});
        PipelineModel model = pipeline.fit(train);

        Dataset<Row> predicted = model.transform(test);
        List<Row> rows = predicted.select("label", "prediction", "probability").collectAsList();
        assertEquals(200, rows.size());
        int correct = 0;
        for (Row r : rows) {
            Vector p = (Vector) r.get(2);
            assertEquals(3, p.size());
            double total = p.apply(0) + p.apply(1) + p.apply(2);
            assertEquals(1, total, 1e-5, "softmax probabilities sum to 1");
            assertEquals(p.argmax(), r.getDouble(1), 0, "the prediction is the most probable class");
            correct += r.getDouble(0) == r.getDouble(1) ? 1 : 0;
        }
        assertTrue(correct >= 170, "accuracy on held-out rows: " + correct + "/200");

        String path = dir.resolve("pipeline").toString();
        model.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> again = loaded.transform(test).select("prediction", "probability").collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).getDouble(1), again.get(i).getDouble(0), 0, "row " + i);
            assertArrayEquals(((Vector) rows.get(i).get(2)).toArray(), ((Vector) again.get(i).get(1)).toArray(), 0);
        }
        NnjModel nnModel = (NnjModel) model.stages()[3];
        // the stage directory holds a plain nnj model file
        java.io.File[] stages = dir.resolve("pipeline").resolve("stages").toFile().listFiles();
        Path file = null;
        for (java.io.File f : stages) {
            if (f.getName().contains("nnjClassifier")) {
                file = f.toPath().resolve(NnjModel.MODEL_FILE);
            }
        }
        assertTrue(file != null && file.toFile().isFile(), "model file in " + java.util.Arrays.toString(stages));
        double[] fromFile = ModelFile.load(file, org.nnj.core.Nets.registry()).network().parameters().toDoubleArray();
        assertArrayEquals(nnModel.parameters(), fromFile, 0);

        // an unfitted pipeline with the estimator saves and loads too, params intact
        String epath = dir.resolve("estimator").toString();
        pipeline.write().overwrite().save(epath);
        Pipeline reloaded = Pipeline.load(epath);
        NnjClassifier back = (NnjClassifier) reloaded.getStages()[3];
        assertEquals(30, back.resolvedSpec().training().epochs());
        assertEquals(nn.uid(), back.uid());
    }

    @Test
    void aRegressorFitsALine() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double a = (i % 20) / 10.0 - 1;
            double b = (i / 20) / 10.0 - 1;
            rows.add(RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(a, b), 0.5 * a - 0.25 * b + 0.1));
        }
        Dataset<Row> data = spark.createDataFrame(rows, new StructType()
                .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false)
                .add("y", DataTypes.DoubleType, false));
        String spec = "{\"name\": \"line\", \"input\": 2, \"precision\": \"float64\", \"seed\": 1,"
                + " \"layers\": [{\"type\": \"dense\", \"units\": 1, \"activation\": \"linear\"}], \"loss\": \"mse\","
                + " \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.2}, \"training\": {\"epochs\": 60, \"batch_size\": 20}}";
        NnjModel model = new NnjRegressor().setSpec(spec).setLabelCol("y").setWorkers(2).fit(data);
        List<Row> out = model.transform(data).select("y", "prediction").collectAsList();
        for (Row r : out) {
            assertEquals(r.getDouble(0), r.getDouble(1), 1e-3);
        }
        assertTrue(!java.util.Arrays.asList(model.transform(data).columns()).contains("probability"));
    }

    @Test
    void aMissingOrWrongColumnIsNamed() {
        Dataset<Row> data = LocalSpark.classes(20, 6, 1).frame(spark);
        NnjClassifier nn = (NnjClassifier) new NnjClassifier()
                .setSpec(LocalSpark.spec("float32", "\"sgd\"", 1, 4)).setLabelCol("kind");
        ConfigException e = assertThrows(ConfigException.class, () -> nn.fit(data));
        assertTrue(e.getMessage().contains("no column \"kind\""), e.getMessage());
        ConfigException f = assertThrows(ConfigException.class,
                () -> nn.setLabelCol("label").setFeaturesCol("label").fit(data));
        assertTrue(f.getMessage().contains("expected a vector"), f.getMessage());
    }
}
