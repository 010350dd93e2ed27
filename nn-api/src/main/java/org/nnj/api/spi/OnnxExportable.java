package org.nnj.api.spi;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.Shape;

/**
 * A {@link Layer} or {@link Activation} plugin that can write itself as ONNX operators, so that a network using it
 * can be exported ({@code nn export --onnx}, module nn-onnx). A plugin that does not implement it makes the export
 * fail naming the plugin. The graph is built through {@link OnnxGraph}: no protobuf or ONNX library is needed here.
 *
 * <h2>Shapes</h2>
 * In the exported graph a tensor between two layers has the shape of one sample with the batch in front: {@code [N,
 * n]} for a flat vector, {@code [N, C, H, W]} for an image (ONNX's NCHW, the layout of nnj's rows). A plugin
 * implements one of the two methods, as a {@link Layer} implements one of {@code outputShape} and {@code outputSize}:
 * <ul>
 *   <li>{@link #exportOnnx(OnnxGraph, String, int, List)}, seeing only widths: its input is {@code [N, width]} (the
 *       default of the other method puts a {@code Flatten} in front of an input that is not flat, and a
 *       {@code Reshape} after it when the output shape is not flat), unless {@link #onnxElementwise()} says the
 *       mapping applies to any shape as it is;</li>
 *   <li>{@link #exportOnnx(OnnxGraph, String, Shape, Shape, List)}, seeing the whole shape (a convolution).</li>
 * </ul>
 *
 * <p>Example, an activation {@code f(z) = z sigmoid(z)}:
 * <pre>{@code
 * public String exportOnnx(OnnxGraph g, String input, int width, List<Mat> params) {
 *     return g.node("Mul", List.of(input, g.node("Sigmoid", List.of(input), Map.of())), Map.of());
 * }
 * public boolean onnxElementwise() {
 *     return true;   // element by element: the same nodes work on [N, C, H, W]
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
     *               {@link LayerRuntime#parameters()}, then its buffers in the order of
     *               {@link LayerRuntime#buffers()}; empty for an activation
     * @return the name of the output tensor, float32, shape {@code [N, output width]}
     * @throws UnsupportedOperationException by default: a plugin implements this method or
     *         {@link #exportOnnx(OnnxGraph, String, Shape, Shape, List)}
     */
    default String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        throw new UnsupportedOperationException("\"" + getClass().getName() + "\" implements neither of "
                + "OnnxExportable's exportOnnx methods");
    }

    /**
     * Whether the nodes {@link #exportOnnx(OnnxGraph, String, int, List)} writes work element by element with
     * scalar constants only, so that they compute the same on a tensor of any shape ({@code [N, C, H, W]} after a
     * convolution) and need no {@code Flatten} in front. False by default.
     */
    default boolean onnxElementwise() {
        return false;
    }

    /**
     * Adds the operators that compute this plugin's output, seeing the shapes; the exporter calls this method.
     * The default maps through {@link #exportOnnx(OnnxGraph, String, int, List)}: as it is when the input is flat or
     * {@link #onnxElementwise()}, else after a {@code Flatten(axis = 1)}, followed by a {@code Reshape} to
     * {@code [N, outputShape...]} when the output shape is not flat.
     *
     * @param input       the input tensor: float32, shape {@code [N, inputShape...]}
     * @param inputShape  the shape of one input sample
     * @param outputShape the shape of one output sample (the layer's {@link Layer#outputShape}; an activation's
     *                    is its input's)
     * @param params      as for {@link #exportOnnx(OnnxGraph, String, int, List)}
     * @return the name of the output tensor, float32, shape {@code [N, outputShape...]}
     */
    default String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        if (inputShape.isFlat() || onnxElementwise()) {
            return exportOnnx(graph, input, inputShape.size(), params);
        }
        String flat = graph.node("Flatten", List.of(input), Map.of("axis", 1L));
        String out = exportOnnx(graph, flat, inputShape.size(), params);
        if (outputShape.isFlat()) {
            return out;
        }
        long[] dims = new long[outputShape.rank() + 1];
        for (int i = 0; i < outputShape.rank(); i++) {
            dims[i + 1] = outputShape.dim(i);
        }
        // dimension 0 of the shape is 0: Reshape copies N from its input
        return graph.node("Reshape", List.of(out, graph.intConstant("shape", dims, dims.length)), Map.of());
    }
}
