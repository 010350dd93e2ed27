package org.nnj.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.data.SplitMix;

/** A local[2] Spark session on 127.0.0.1 for tests, and small synthetic data sets. */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession start(String name) {
        return SparkSession.builder().master("local[2]").appName(name)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .getOrCreate();
    }

    /** Three classes in {@code features} dimensions: features in [-1, 1], the class from a fixed linear rule. */
    record Synthetic(Mat x, Mat y, double[] labels) {
        Dataset<Row> frame(SparkSession spark) {
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < x.rows(); r++) {
                double[] f = new double[x.cols()];
                for (int c = 0; c < f.length; c++) {
                    f[c] = x.get(r, c);
                }
                rows.add(RowFactory.create(Vectors.dense(f), labels[r]));
            }
            StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
                    .add("label", DataTypes.DoubleType, false);
            return spark.createDataFrame(rows, schema);
        }
    }

    static Synthetic classes(int rows, int features, long seed) {
        SplitMix r = new SplitMix(seed);
        Mat x = Mat.zeros(Precision.FLOAT64, rows, features);
        Mat y = Mat.zeros(Precision.FLOAT64, rows, 3);
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            double a = 0;
            double b = 0;
            for (int c = 0; c < features; c++) {
                double v = r.nextDouble() * 2 - 1;
                x.set(i, c, v);
                a += (c % 2 == 0 ? 1 : -0.5) * v;
                b += (c % 3 == 0 ? 0.7 : 0.2) * v;
            }
            int k = a > 0.3 ? 0 : b > 0 ? 1 : 2;
            labels[i] = k;
            y.set(i, k, 1);
        }
        return new Synthetic(x, y, labels);
    }

    static String spec(String precision, String optimizer, int epochs, int batch) {
        return "{\"name\": \"synthetic\", \"input\": 6, \"precision\": \"" + precision + "\", \"seed\": 3,"
                + " \"layers\": [{\"type\": \"dense\", \"units\": 8, \"activation\": \"tanh\"},"
                + " {\"type\": \"dense\", \"units\": 3, \"activation\": \"softmax\"}],"
                + " \"loss\": \"categorical_crossentropy\", \"optimizer\": " + optimizer + ","
                + " \"training\": {\"epochs\": " + epochs + ", \"batch_size\": " + batch + "}}";
    }
}
