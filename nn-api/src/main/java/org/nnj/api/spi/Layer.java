package org.nnj.api.spi;

import java.util.Optional;
import org.apiguardian.api.API;
import org.nnj.api.PluginRef;
import org.nnj.api.Shape;

/**
 * A layer type with its parameters, as named in a spec ({@code {"type": "dense", "units": 64}}). The core asks
 * it for the {@link Shape} of its output given the shape of its input, and then {@link #build builds} the
 * runtime that computes on mini-batches. {@link LayerRuntime} states what the runtime must do, in particular that
 * {@link LayerRuntime#backward} overwrites its gradient views rather than adding to them (the core does not zero
 * them between batches).
 *
 * <h2>Shapes</h2>
 * A sample flows between layers as one row of a {@link org.nnj.api.Mat} mini-batch; its {@link Shape} says how
 * the row's values are laid out ({@code [784]} flat, or {@code [1, 28, 28]} channels x height x width,
 * channel-major as PyTorch's NCHW). The spec's {@code "input"} gives the first layer's input shape, and each
 * layer declares its output shape, which is the next layer's input shape. A layer implements one of:
 * <ul>
 *   <li>{@link #outputShape(Shape)}, to see the whole shape (a convolution reads channels x height x width; a
 *       layer that keeps the shape, such as dropout, returns its input shape);</li>
 *   <li>{@link #outputSize(int)}, to see only the width (the API before shapes existed, which every layer written
 *       against it keeps using unchanged): such a layer sees any input flattened and its output is a flat
 *       vector. {@code dense} is one: it flattens what it gets.</li>
 * </ul>
 * Either method throws a {@link org.nnj.api.ConfigException} with an empty path when the layer cannot take the
 * input; the core prefixes the layer's place in the spec, so the message reads
 * {@code layers[3] (max_pool2d): input 64x7x7 cannot be pooled by 2x2 with stride 2 to a whole size}.
 */
@API(status = API.Status.STABLE)
public interface Layer extends Plugin<Layer> {

    /**
     * The shape of one sample of this layer's output for one of shape {@code input}. The default, for layers
     * that implement {@link #outputSize(int)}: a flat vector of {@code outputSize(input.size())} values.
     *
     * @throws org.nnj.api.ConfigException if the layer cannot take such an input
     */
    @API(status = API.Status.EXPERIMENTAL)
    default Shape outputShape(Shape input) {
        return Shape.flat(outputSize(input.size()));
    }

    /**
     * The width of this layer's output for an input of {@code inputSize} columns, for layers that see only widths
     * (see the class comment). A layer that implements {@link #outputShape(Shape)} need not implement this; the
     * default then says so. Callers use {@link #outputShape(Shape)}.
     *
     * @throws org.nnj.api.ConfigException if the layer cannot take such an input
     */
    default int outputSize(int inputSize) {
        throw new UnsupportedOperationException("layer \"" + name() + "\" declares its output with outputShape(Shape), "
                + "not outputSize(int)");
    }

    /**
     * The activation this layer's output goes through, if the layer has one. The core runs it as a step of its
     * own after the layer, so that the trainer can fuse it with the loss and a trace can show z and a apart.
     */
    default Optional<PluginRef> activation() {
        return Optional.empty();
    }

    /**
     * Creates the computing part of this layer for the input shape ({@link BuildContext#inputShape()}) and
     * precision in {@code context}; the runtime's widths are the sizes of the input and output shapes.
     */
    LayerRuntime build(BuildContext context);
}
