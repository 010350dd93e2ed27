package org.nnj.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nnj.api.DataException;
import org.nnj.api.Precision;
import org.nnj.data.CsvOptions;
import org.nnj.data.CsvReader;
import org.nnj.data.Dataset;
import org.nnj.data.MnistDirectory;
import org.nnj.data.Scaler;
import org.nnj.data.Scalers;
import org.nnj.data.Split;
import org.nnj.data.Splits;
import org.nnj.data.Task;
import org.nnj.io.DataSpec;

/**
 * How the command line finds and prepares data: a CSV file, an IDX directory in the MNIST layout, or
 * {@code bundled:NAME} for a data set inside nn.jar ({@code bundled:iris}, {@code bundled:digits},
 * {@code bundled:wine_data}, {@code bundled:breast_cancer}).
 */
final class CliData {
    private CliData() {
    }

    /** Training and test parts, scaled with statistics fitted on the training part only. */
    record Prepared(Dataset train, Dataset test, Scaler scaler, String description) {
    }

    /** Whether {@code arg} names bundled data. */
    static boolean isBundled(String arg) {
        return arg.startsWith("bundled:");
    }

    /** Reads a whole labelled data set (for training or evaluation). */
    static Dataset read(String arg, DataSpec spec, Task task, Precision precision) {
        return read(arg, spec, task, precision, java.util.List.of(), false);
    }

    /**
     * Reads a data set. {@code classNames}, when not empty, fixes the class of each label (a saved model's
     * classes, so labels map as they did in training); {@code idxTestSet} reads an IDX directory's t10k files.
     */
    static Dataset read(String arg, DataSpec spec, Task task, Precision precision, java.util.List<String> classNames,
                        boolean idxTestSet) {
        if (isBundled(arg)) {
            String name = arg.substring("bundled:".length());
            for (String file : new String[] {name + ".csv", name + ".csv.gz", name}) {
                if (Datasets.class.getResource("/datasets/" + file) != null) {
                    return Datasets.bundled(file, precision);
                }
            }
            throw new DataException(arg, "no such bundled data set; bundled: iris, digits, wine_data, breast_cancer");
        }
        Path path = Path.of(arg);
        if (!Files.exists(path)) {
            throw new DataException(arg, "no such file or directory");
        }
        if ("idx".equals(spec.formatFor(path))) {
            if (!Files.isDirectory(path) || !MnistDirectory.isMnistLayout(path)) {
                throw new DataException(arg, "expected a directory in the MNIST layout (train-images-idx3-ubyte[.gz], "
                        + "train-labels-idx1-ubyte[.gz], t10k-...)");
            }
            return idxTestSet ? MnistDirectory.test(path, precision) : MnistDirectory.train(path, precision);
        }
        CsvOptions.Builder b = CsvOptions.builder().precision(precision);
        if (task == Task.CLASSIFICATION && !classNames.isEmpty()) {
            b = b.classNames(classNames);
        }
        b = task == Task.REGRESSION ? b.regression() : b.classification();
        if (spec.labelName() != null) {
            b = task == Task.REGRESSION ? b.targetColumns(spec.labelName()) : b.labelColumn(spec.labelName());
        } else if (spec.labelIndex() != null) {
            b = task == Task.REGRESSION ? b.targetColumns(spec.labelIndex()) : b.labelColumn(spec.labelIndex());
        }
        return new CsvReader(b.build()).read(path);
    }

    /**
     * Reads and splits: an IDX directory's own test set, else a seeded split of {@code testSplit} (stratified for
     * classification, in place so nothing is copied); then fits the scaler on the training part and applies it
     * to both parts.
     */
    static Prepared prepare(String arg, DataSpec spec, Task task, Precision precision, long seed) {
        Dataset all = read(arg, spec, task, precision);
        Path path = isBundled(arg) ? null : Path.of(arg);
        String format = path == null ? "csv" : spec.formatFor(path);
        Dataset train;
        Dataset test;
        if ("idx".equals(format)) {
            train = all;
            test = MnistDirectory.test(path, precision);
        } else {
            Split split = task == Task.CLASSIFICATION
                    ? Splits.stratifiedInPlace(all, 0.0, spec.testSplit(), seed)
                    : Splits.randomInPlace(all, 0.0, spec.testSplit(), seed);
            train = split.train();
            test = split.test();
        }
        String scaling = spec.scalingFor(format);
        Scaler scaler = Scalers.fit(scaling, train);
        scaler.transformInPlace(train.features());
        if (test != null && test.size() > 0) {
            scaler.transformInPlace(test.features());
        }
        String description = String.format(Locale.ROOT, "%s: %d training and %d test rows, %d features%s, scaling: %s",
                all.source(), train.size(), test == null ? 0 : test.size(), all.featureCount(),
                task == Task.CLASSIFICATION ? ", " + all.classCount() + " classes" : "", scaling);
        return new Prepared(train, test, scaler, description);
    }
}
