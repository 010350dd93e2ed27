package org.nnj.core;

import org.apiguardian.api.API;
import org.nnj.api.Shape;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.LayerRuntime;

/**
 * One stage of a compiled network: a layer's runtime, or the activation that follows a layer (run as a stage
 * of its own so that the loss can fuse with it and a trace can show z and a apart).
 *
 * @param runtime      what computes
 * @param layerIndex   index of the spec layer this step belongs to
 * @param label        {@code dense} or {@code sigmoid}, for messages and traces
 * @param activation   the activation, when this step is one; else null
 * @param paramOffset  offset of this step's first parameter in the network's flat parameter array
 * @param paramCount   number of parameters of this step
 * @param outputShape  the shape of one sample of this step's output ({@code runtime.outputSize()} values)
 */
@API(status = API.Status.EXPERIMENTAL)
public record Stage(LayerRuntime runtime, int layerIndex, String label, Activation activation,
                   int paramOffset, int paramCount, Shape outputShape) {

    public boolean isActivation() {
        return activation != null;
    }

    /** {@code layers[2] (dense)} or {@code layers[2].activation (relu)}. */
    public String where() {
        return "layers[" + layerIndex + "]" + (isActivation() ? ".activation" : "") + " (" + label + ")";
    }
}
