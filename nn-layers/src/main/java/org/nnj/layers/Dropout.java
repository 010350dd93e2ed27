package org.nnj.layers;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;
import org.nnj.api.spi.Param;
import org.nnj.api.Shape;

/**
 * {@code dropout}: inverted dropout. In training each element is kept with probability {@code 1 - rate} and
 * scaled by {@code 1 / (1 - rate)} (dropped ones become 0), so the expected output equals the input; at
 * inference the layer is the identity. The mask is drawn from the network's training random stream, which is
 * reseeded from the seed and the step number, so a run repeats and resumes exactly.
 */
@API(status = API.Status.STABLE)
public final class Dropout implements Layer, OnnxExportable {
    private static final List<Param> PARAMS = List.of(
            Param.real("rate", 0.5, "probability of dropping each element").atLeast(0).lessThan(1));
    private final Config config;

    public Dropout() {
        this(Config.resolve("", PARAMS, java.util.Map.of()));
    }

    private Dropout(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "dropout";
    }

    @Override
    public String description() {
        return "inverted dropout: zeroes elements with probability rate while training, identity at inference";
    }

    @Override
    public List<Param> parameters() {
        return PARAMS;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Dropout configure(Config c) {
        return new Dropout(c);
    }

    /** The input's shape: dropout works element-wise, so it may sit between convolutions. */
    @Override
    public org.nnj.api.Shape outputShape(org.nnj.api.Shape input) {
        return input;
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        return new DropoutRuntime(context.inputSize(), config.real("rate"), context.trainingRandom());
    }

    /** ONNX: removed: dropout is the identity at inference (inverted dropout scales while training). */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return input;
    }

    /** ONNX: nothing, whatever the shape (see the other mapping). */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        return input;
    }

}
