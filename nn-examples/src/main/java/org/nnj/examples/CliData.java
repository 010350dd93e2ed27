package org.nnj.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nnj.api.DataException;
import org.nnj.api.Precision;
import org.nnj.data.CsvOptions;
import org.nnj.data.CsvReader;
import org.nnj.data.Dataset;
import org.nnj.data.IdxReader;
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

    /** Whether {@code arg} is {@code -}, standard input. */
    static boolean isStdin(String arg) {
        return arg.equals("-");
    }

    /** How the data is to be read, beyond its location: what a saved model fixes. */
    record Expect(java.util.List<String> classNames, java.util.List<String> featureNames, int outputs) {
        /** Nothing fixed (training). */
        static Expect none(int outputs) {
            return new Expect(java.util.List.of(), java.util.List.of(), outputs);
        }
    }

    /** The format of {@code arg}: csv for bundled data and standard input, else as the spec or the path says. */
    static String format(String arg, DataSpec spec) {
        if (isBundled(arg)) {
            return "csv";
        }
        if (isStdin(arg)) {
            if ("idx".equals(spec.format())) {
                throw new DataException("<standard input>", "IDX data is read from a directory, not from standard "
                        + "input; expected CSV (data.format is \"idx\")");
            }
            return "csv";
        }
        return spec.formatFor(Path.of(arg));
    }

    /**
     * Reads a data set. {@code expect} fixes, when not empty, the class of each label (a saved model's classes, so
     * labels map as they did in training) and the feature columns by name (a saved model's features: a CSV header
     * in another order is read by name); {@code idxTestSet} reads an IDX directory's t10k files. {@code -} reads
     * CSV from standard input, all of it, checked as a file is.
     */
    static Dataset read(String arg, DataSpec spec, Task task, Precision precision, Expect expect, boolean idxTestSet) {
        if (isBundled(arg)) {
            String name = arg.substring("bundled:".length());
            for (String file : new String[] {name + ".csv", name + ".csv.gz", name}) {
                if (Datasets.class.getResource("/datasets/" + file) != null) {
                    return Datasets.bundled(file, precision);
                }
            }
            throw new DataException(arg, "no such bundled data set; bundled: iris, digits, wine_data, breast_cancer");
        }
        String format = format(arg, spec);
        Path path = isStdin(arg) ? null : Path.of(arg);
        if (path != null && !Files.exists(path)) {
            throw new DataException(arg, "no such file or directory");
        }
        if ("idx".equals(format)) {
            if (!Files.isDirectory(path) || !MnistDirectory.isMnistLayout(path)) {
                throw new DataException(arg, "expected a directory in the MNIST layout (train-images-idx3-ubyte[.gz], "
                        + "train-labels-idx1-ubyte[.gz], t10k-...)");
            }
            java.util.List<String> classes = idxClasses(path, expect);
            return idxTestSet ? MnistDirectory.test(path, precision, classes)
                    : MnistDirectory.train(path, precision, classes);
        }
        CsvOptions.Builder b = CsvOptions.builder().precision(precision);
        if (task == Task.CLASSIFICATION && !expect.classNames().isEmpty()) {
            b = b.classNames(expect.classNames());
        }
        if (!expect.featureNames().isEmpty()) {
            b = b.featureNames(expect.featureNames());
        }
        b = task == Task.REGRESSION ? b.regression() : b.classification();
        if (spec.labelName() != null) {
            b = task == Task.REGRESSION ? b.targetColumns(spec.labelName()) : b.labelColumn(spec.labelName());
        } else if (spec.labelIndex() != null) {
            b = task == Task.REGRESSION ? b.targetColumns(spec.labelIndex()) : b.labelColumn(spec.labelIndex());
        }
        CsvReader reader = new CsvReader(b.build());
        return path == null ? reader.read(System.in, "<standard input>") : reader.read(path);
    }

    /**
     * The classes of an IDX directory's labels: a saved model's, else as many as the network has outputs (two for
     * one output), named as {@link IdxReader#defaultClassNames} names ten. A label outside them then fails naming
     * the label file and the item, rather than growing the classes past the network's outputs.
     */
    static java.util.List<String> idxClasses(Path dir, Expect expect) {
        if (!expect.classNames().isEmpty()) {
            return expect.classNames();
        }
        int k = expect.outputs() == 1 ? 2 : expect.outputs();
        java.util.List<String> names = IdxReader.defaultClassNames(dir, new int[0]);
        if (names.size() == k) {
            return names;
        }
        java.util.List<String> digits = new java.util.ArrayList<>();
        for (int c = 0; c < k; c++) {
            digits.add(Integer.toString(c));
        }
        return digits;
    }

    /**
     * Reads and splits: an IDX directory's own test set, else a seeded split of {@code testSplit} (stratified for
     * classification, in place so nothing is copied); then fits the scaler on the training part and applies it
     * to both parts.
     */
    static Prepared prepare(String arg, DataSpec spec, Task task, Precision precision, long seed, int outputs) {
        Dataset all = read(arg, spec, task, precision, Expect.none(outputs), false);
        String format = format(arg, spec);
        Dataset train;
        Dataset test;
        if ("idx".equals(format)) {
            train = all;
            test = MnistDirectory.test(Path.of(arg), precision, all.classNames());
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
