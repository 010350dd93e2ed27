package org.nnj.api.spi;

import java.util.Optional;
import org.nnj.api.PluginRef;

/**
 * A layer type with its parameters, as named in a spec ({@code {"type": "dense", "units": 64}}). The core asks
 * it for its output width and then {@link #build builds} the runtime that computes on mini-batches.
 * {@link LayerRuntime} states what the runtime must do, in particular that {@link LayerRuntime#backward}
 * overwrites its gradient views rather than adding to them (the core does not zero them between batches).
 */
public interface Layer extends Plugin<Layer> {

    /**
     * The width of this layer's output for an input of {@code inputSize} columns.
     *
     * @throws org.nnj.api.ConfigException if the layer cannot take such an input
     */
    int outputSize(int inputSize);

    /**
     * The activation this layer's output goes through, if the layer has one. The core runs it as a step of its
     * own after the layer, so that the trainer can fuse it with the loss and a trace can show z and a apart.
     */
    default Optional<PluginRef> activation() {
        return Optional.empty();
    }

    /** Creates the computing part of this layer for the input width and precision in {@code context}. */
    LayerRuntime build(BuildContext context);
}
