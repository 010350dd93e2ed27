package org.nnj.api.spi;

/** A layer's scratch for one batch size; see {@link LayerRuntime#newState}. */
public interface LayerState {
    /** For layers that need no scratch. */
    LayerState NONE = new LayerState() {
        @Override
        public String toString() {
            return "LayerState.NONE";
        }
    };
}
