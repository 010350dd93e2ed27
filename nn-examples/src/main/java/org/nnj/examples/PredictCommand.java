package org.nnj.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nnj.api.DataException;
import org.nnj.api.Mat;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.data.CsvOptions;
import org.nnj.data.CsvReader;
import org.nnj.data.Dataset;
import org.nnj.io.LoadedModel;
import org.nnj.onnx.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nn predict}: one prediction per input row. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict with a saved model: one line per input row (CSV of features only, header optional; a header "
                + "is matched to the model's feature names, in any order).",
            "Classification prints the class name (with --probabilities, then each class's probability); "
                + "regression prints the outputs, comma-separated."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model file written by nn train, or an ONNX file (.onnx)")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE|-", description = "CSV rows of features, or - for standard input")
    String input;

    @Option(names = "--probabilities", description = "also print each class's output")
    boolean probabilities;

    @Override
    public Integer call() throws Exception {
        LoadedModel lm = Models.load(model, Nets.registry());
        Network net = lm.network();
        CsvOptions.Builder options = CsvOptions.builder().unlabelled().precision(net.precision());
        if (!lm.metadata().featureNames().isEmpty()) {
            options.featureNames(lm.metadata().featureNames());
        }
        CsvReader reader = new CsvReader(options.build());
        Dataset ds;
        if (input.equals("-")) {
            ds = reader.read(System.in, "<standard input>");
        } else {
            Path p = Path.of(input);
            if (!Files.isReadable(p)) {
                throw new DataException(input, "no such file, or not readable");
            }
            try (InputStream in = Files.newInputStream(p)) {
                ds = reader.read(in, input);
            }
        }
        ds.requireShape(net.inputShape());
        lm.metadata().scaler().ifPresent(s -> s.transformInPlace(ds.features()));
        Mat out = net.predict(ds.features());
        CliSupport.requireFinite(out, ds, model);
        List<String> classes = lm.metadata().classNames();
        PrintStream ps = System.out;
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < out.rows(); r++) {
            line.setLength(0);
            if (!classes.isEmpty()) {
                int c = out.cols() == 1 ? (out.get(r, 0) >= 0.5 ? 1 : 0) : argmax(out, r);
                line.append(c < classes.size() ? classes.get(c) : Integer.toString(c));
                if (probabilities) {
                    for (int j = 0; j < out.cols(); j++) {
                        line.append(',').append(String.format(Locale.ROOT, "%.6g", out.get(r, j)));
                    }
                }
            } else {
                for (int j = 0; j < out.cols(); j++) {
                    line.append(j == 0 ? "" : ",").append(out.get(r, j));
                }
            }
            ps.println(line);
        }
        ps.flush();
        return 0;
    }

    private static int argmax(Mat m, int r) {
        int best = 0;
        for (int c = 1; c < m.cols(); c++) {
            if (m.get(r, c) > m.get(r, best)) {
                best = c;
            }
        }
        return best;
    }
}
