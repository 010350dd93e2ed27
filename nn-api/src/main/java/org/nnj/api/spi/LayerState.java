package org.nnj.api.spi;

import org.apiguardian.api.API;

/** A layer's scratch for one batch size; see {@link LayerRuntime#newState}. */
@API(status = API.Status.STABLE)
public interface LayerState {
    /** For layers that need no scratch. */
    LayerState NONE = new LayerState() {
        @Override
        public String toString() {
            return "LayerState.NONE";
        }
    };
}
