package org.nnj.spark;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import scala.Tuple2;

/**
 * The training rows one partition holds, as two primitive arrays (features and targets, row-major, in the network's
 * precision), with the global index of its first row: rows {@code first .. first + count - 1} of the data set, in
 * that order. Built once per partition on the executor and cached there by Spark; the data never reach the driver.
 */
@API(status = API.Status.INTERNAL)
public final class PartitionRows implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a label column becomes target values. */
    public enum Targets {
        /** A class index 0..k-1 (as StringIndexer makes), one-hot over k outputs (or 0/1 for one output). */
        CLASS_INDEX,
        /** A number, the one output's target. */
        VALUE
    }

    final int partition;
    final long first;
    final int count;
    final int features;
    final int targets;
    /** float[] or double[], after the network's precision (arrays, so that Spark may serialize a cached block). */
    private final Object xs;
    private final Object ys;

    private PartitionRows(int partition, long first, int count, int features, int targets, Object xs, Object ys) {
        this.partition = partition;
        this.first = first;
        this.count = count;
        this.features = features;
        this.targets = targets;
        this.xs = xs;
        this.ys = ys;
    }

    /**
     * Reads one partition of {@code (global index, (features, label))} pairs sorted by index, whose indices are
     * contiguous.
     *
     * @throws IllegalArgumentException naming the row and column for a null, a vector of another size, a label that
     *                                  is not a class index, or a gap in the indices
     */
    public static PartitionRows read(int partition, Iterator<Tuple2<Long, Row>> rows, int expected, int features,
                                     int outputs, Targets kind, Precision precision, String featuresCol,
                                     String labelCol) {
        int targets = outputs;
        boolean f64 = precision == Precision.FLOAT64;
        // the partitioner fixed this partition's row count: the arrays are made once, in the network's precision
        double[] x64 = f64 ? new double[expected * features] : null;
        double[] y64 = f64 ? new double[expected * targets] : null;
        float[] x32 = f64 ? null : new float[expected * features];
        float[] y32 = f64 ? null : new float[expected * targets];
        long first = -1;
        int n = 0;
        while (rows.hasNext()) {
            Tuple2<Long, Row> t = rows.next();
            long index = t._1();
            if (first < 0) {
                first = index;
            } else if (index != first + n) {
                throw new IllegalArgumentException("partition " + partition + ": expected row " + (first + n)
                        + " next, got row " + index + " (rows must arrive contiguous and sorted)");
            }
            if (n == expected) {
                throw new IllegalArgumentException("partition " + partition + ": more than the " + expected
                        + " rows its range holds (the data changed between counting and reading?)");
            }
            Row r = t._2();
            Object f = r.get(0);
            if (!(f instanceof Vector v)) {
                throw new IllegalArgumentException("row " + index + ", column \"" + featuresCol + "\": expected a vector "
                        + "of " + features + " features (as VectorAssembler makes), got " + (f == null ? "null"
                        : f.getClass().getSimpleName()));
            }
            if (v.size() != features) {
                throw new IllegalArgumentException("row " + index + ", column \"" + featuresCol + "\": expected "
                        + features + " features (the network's input size), got " + v.size());
            }
            int base = n * features;
            if (v instanceof org.apache.spark.ml.linalg.SparseVector sv) {
                int[] idx = sv.indices();
                double[] val = sv.values();
                for (int i = 0; i < idx.length; i++) {
                    if (f64) {
                        x64[base + idx[i]] = val[i];
                    } else {
                        x32[base + idx[i]] = (float) val[i];
                    }
                }
            } else {
                for (int c = 0; c < features; c++) {
                    if (f64) {
                        x64[base + c] = v.apply(c);
                    } else {
                        x32[base + c] = (float) v.apply(c);
                    }
                }
            }
            Object l = r.get(1);
            if (!(l instanceof Number num)) {
                throw new IllegalArgumentException("row " + index + ", column \"" + labelCol + "\": expected a number, got "
                        + (l == null ? "null" : l + " (" + l.getClass().getSimpleName() + ")"));
            }
            double label = num.doubleValue();
            int tb = n * targets;
            int at;
            double value;
            if (kind == Targets.CLASS_INDEX) {
                int classes = targets == 1 ? 2 : targets;
                if (label != Math.rint(label) || label < 0 || label >= classes) {
                    throw new IllegalArgumentException("row " + index + ", column \"" + labelCol + "\": expected a class "
                            + "index 0.." + (classes - 1) + " (the network has " + outputs + " output"
                            + (outputs == 1 ? "" : "s") + "; StringIndexer makes such indices), got " + label);
                }
                at = targets == 1 ? tb : tb + (int) label;
                value = targets == 1 ? label : 1;
            } else {
                if (targets != 1) {
                    throw new IllegalArgumentException("column \"" + labelCol + "\": a number is one target, but the "
                            + "network has " + outputs + " outputs; a regressor here needs a network of one output");
                }
                if (!Double.isFinite(label)) {
                    throw new IllegalArgumentException("row " + index + ", column \"" + labelCol
                            + "\": expected a finite number, got " + label);
                }
                at = tb;
                value = label;
            }
            if (f64) {
                y64[at] = value;
            } else {
                y32[at] = (float) value;
            }
            n++;
        }
        if (n != expected) {
            throw new IllegalArgumentException("partition " + partition + ": expected " + expected + " rows, got " + n
                    + " (the data changed between counting and reading?)");
        }
        return new PartitionRows(partition, Math.max(first, 0), n, features, targets, f64 ? x64 : x32,
                f64 ? y64 : y32);
    }

    private Mat mat(Object values, int cols) {
        return values instanceof double[] d ? new F64Mat(d, 0, count, cols) : new F32Mat((float[]) values, 0, count, cols);
    }

    /** Rows in this partition. */
    public int count() {
        return count;
    }

    /** Global index of the first row. */
    public long first() {
        return first;
    }

    /** The features, one row per sample (a view of the cached array). */
    public Mat features() {
        return mat(xs, features);
    }

    /** The targets, one row per sample (a view of the cached array). */
    public Mat targets() {
        return mat(ys, targets);
    }
}
