package org.nnj.api.spi;

import java.util.List;
import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * A {@link Layer} or {@link Activation} plugin that can write itself as ONNX operators, so that a network using it
 * can be exported ({@code nn export --onnx}, module nn-onnx). A plugin that does not implement it makes the export
 * fail naming the plugin. The graph is built through {@link OnnxGraph}: no protobuf or ONNX library is needed here.
 *
 * <p>Example, an activation {@code f(z) = z sigmoid(z)}:
 * <pre>{@code
 * public String exportOnnx(OnnxGraph g, String input, int width, List<Mat> params) {
 *     return g.node("Mul", List.of(input, g.node("Sigmoid", List.of(input), Map.of())), Map.of());
 * }
 * }</pre>
 *
 * The exported model must compute what the plugin's {@code forward} computes in inference (training-only behaviour
 * such as dropout's is left out), in float32; nn-onnx's tests run each built-in's mapping on ONNX Runtime.
 */
@API(status = API.Status.EXPERIMENTAL)
public interface OnnxExportable {

    /**
     * Adds the operators that compute this plugin's output from the tensor named {@code input} and returns the name
     * of the output tensor (which may be {@code input} itself for a plugin that does nothing at inference).
     *
     * @param graph  where nodes and constants go
     * @param input  the input tensor: float32, shape {@code [N, width]} (N rows, one per sample)
     * @param width  the input's column count
     * @param params for a layer, its trained parameters in the order of its runtime's
     *               {@link LayerRuntime#parameters()}; empty for an activation
     * @return the name of the output tensor, float32, shape {@code [N, output width]}
     */
    String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params);
}
