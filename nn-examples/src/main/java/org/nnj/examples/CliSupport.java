package org.nnj.examples;

import java.util.Locale;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Network;
import org.nnj.core.Stage;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.Dataset;
import org.nnj.data.Task;
import org.nnj.io.ModelSpec;

/** What the train, eval and predict commands share: the task of a spec, and targets shaped for the network. */
final class CliSupport {
    private CliSupport() {
    }

    /**
     * The task: as given ({@code classification}, {@code regression}), or for {@code auto} classification when
     * the loss is a cross-entropy or the last activation is softmax, else regression.
     */
    static Task task(String option, ModelSpec spec, PluginRegistry registry) {
        switch (option.toLowerCase(Locale.ROOT)) {
            case "classification": return Task.CLASSIFICATION;
            case "regression": return Task.REGRESSION;
            case "auto": break;
            default: throw new ConfigException("--task", "unknown task \"" + option
                    + "\"; expected auto, classification or regression");
        }
        String loss = registry.info(PluginKind.LOSS, spec.network().loss().name(), "loss").name();
        if (loss.contains("crossentropy")) {
            return Task.CLASSIFICATION;
        }
        var layers = spec.network().layers();
        Object act = layers.get(layers.size() - 1).params().get("activation");
        String actName = act instanceof String s ? s : act instanceof java.util.Map<?, ?> m ? String.valueOf(m.get("name")) : "";
        return "softmax".equals(actName) ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /**
     * The targets of {@code data} as {@code net} needs them: one-hot rows for k outputs, or the 0/1 label for a
     * single output of a two-class problem; regression targets as they are.
     *
     * @throws ConfigException when the classes or target columns do not fit the last layer
     */
    static Mat targets(Network net, Dataset data, String where) {
        int outputs = net.outputSize();
        String last = "layers[" + (net.spec().layers().size() - 1) + "]";
        if (data.task() == Task.CLASSIFICATION) {
            int k = data.classCount();
            if (outputs == k) {
                return data.targets();
            }
            if (outputs == 1 && k == 2) {
                Mat y = Mat.zeros(net.precision(), data.size(), 1);
                for (int r = 0; r < data.size(); r++) {
                    y.set(r, 0, data.label(r));
                }
                return y;
            }
            throw new ConfigException(last, "the " + where + " data has " + k + " classes but the network's last layer "
                    + "has " + outputs + " outputs; expected " + k + (k == 2 ? " (or 1 with a sigmoid)" : ""));
        }
        if (data.targetCount() != outputs) {
            throw new ConfigException(last, "the " + where + " data has " + data.targetCount() + " target columns but "
                    + "the network has " + outputs + " outputs");
        }
        return data.targets();
    }

    /**
     * Fails on the first row of {@code outputs} that is not finite (inputs far outside the training data overflow
     * the network), naming the row of {@code data}: the data line when known.
     */
    static void requireFinite(Mat outputs, Dataset data, java.nio.file.Path model) {
        for (int r = 0; r < outputs.rows(); r++) {
            for (int c = 0; c < outputs.cols(); c++) {
                double v = outputs.get(r, c);
                if (!Double.isFinite(v)) {
                    throw new org.nnj.api.DataException(data.source(), "row " + (r + 1) + " (1-based, not counting "
                            + "a header): the model " + model + " gives the output " + v
                            + " (column " + (c + 1) + "); expected finite outputs: the row's values are probably far"
                            + " outside those the model was trained on");
                }
            }
        }
    }

    /** The backend of {@code --backend NAME[:key=value,...]} ({@link PluginRef#parse}), or null for none given. */
    static PluginRef backend(String option) {
        return option == null ? null : PluginRef.parse("--backend", option);
    }

    /** The steps with their output shapes, for messages: {@code 1x28x28 -> conv2d(32x28x28) relu -> ...}. */
    static String describe(Network net) {
        StringBuilder sb = new StringBuilder().append(net.inputShape());
        for (Stage s : net.stages()) {
            sb.append(s.isActivation() ? " " + s.label() : " -> " + s.label() + "(" + s.outputShape() + ")");
        }
        return sb.toString();
    }
}
