package org.nnj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.nnj.api.spi.ParamShape;

/**
 * A network as a table, one row per spec layer with its output shape and parameter count, as Keras'
 * {@code model.summary()} prints it:
 *
 * <pre>
 * layer                       output shape      parameters
 * input                       1x28x28                    0
 * layers[0] conv2d -> relu    32x26x26                 320
 * layers[1] max_pool2d        32x13x13                   0
 * ...
 * total: 225,034 parameters (trainable), 0 buffer values, float32
 * </pre>
 *
 * Shapes are per sample (the batch dimension is left out), channels x height x width for images. Buffers are
 * non-trainable state such as batch normalization's running statistics, counted apart.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class NetworkSummary {
    private NetworkSummary() {
    }

    /** The table for {@code net}, lines ending in {@code \n}. */
    public static String of(Network net) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"layer", "output shape", "parameters"});
        rows.add(new String[] {"input", net.inputShape().toString(), "0"});
        long buffers = 0;
        List<Stage> stages = net.stages();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (s.isActivation()) {
                continue;
            }
            String label = "layers[" + s.layerIndex() + "] " + s.label();
            Stage shown = s;
            if (i + 1 < stages.size() && stages.get(i + 1).isActivation()
                    && stages.get(i + 1).layerIndex() == s.layerIndex()) {
                shown = stages.get(i + 1);
                label += " -> " + shown.label();
            }
            for (ParamShape b : s.runtime().buffers()) {
                buffers += b.size();
            }
            rows.add(new String[] {label, shown.outputShape().toString(), group(s.paramCount())});
        }
        int w0 = 0;
        int w1 = 0;
        int w2 = 0;
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
            w2 = Math.max(w2, r[2].length());
        }
        StringBuilder sb = new StringBuilder();
        String format = "%-" + w0 + "s    %-" + w1 + "s    %" + w2 + "s%n";
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, format, r[0], r[1], r[2]));
        }
        sb.append(String.format(Locale.ROOT, "total: %s parameters (trainable), %s buffer values, %s%n",
                group(net.parameterCount()), group(buffers), net.precision().id()));
        return sb.toString();
    }

    private static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
