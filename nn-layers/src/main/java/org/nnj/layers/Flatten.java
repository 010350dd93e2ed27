package org.nnj.layers;

import java.util.List;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.Shape;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.Param;
import java.util.Map;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * {@code flatten}: the same values as a flat vector ({@code 64x7x7} becomes {@code 3136}, channel-major as
 * PyTorch's {@code flatten}). A row's values do not move; only the shape the next layer sees changes. Not needed
 * before {@code dense}, which flattens what it gets.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Flatten implements Layer, OnnxExportable {
    @Override
    public String name() {
        return "flatten";
    }

    @Override
    public String description() {
        return "the input as a flat vector (channel-major, as PyTorch's flatten)";
    }

    @Override
    public List<Param> parameters() {
        return List.of();
    }

    @Override
    public Config config() {
        return Config.empty();
    }

    @Override
    public Flatten configure(Config c) {
        return this;
    }

    @Override
    public Shape outputShape(Shape input) {
        return input.flatten();
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        int width = context.inputSize();
        return new LayerRuntime() {
            @Override
            public int inputSize() {
                return width;
            }

            @Override
            public int outputSize() {
                return width;
            }

            @Override
            public void forward(Mat input, Mat output, LayerState state, boolean training) {
                output.copyFrom(input);
            }

            @Override
            public void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state) {
                if (gradInput != null) {
                    gradInput.copyFrom(gradOutput);
                }
            }
        };
    }

    /** ONNX: {@code Flatten(axis = 1)}; nothing when the input is already flat. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        return inputShape.isFlat() ? input : graph.node("Flatten", List.of(input), Map.of("axis", 1L));
    }

}
