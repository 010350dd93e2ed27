package org.nnj.io;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.core.Network;

/**
 * A model read back from a file by {@link ModelFile#load}: the network with its saved weights, the spec it was
 * built from, and the metadata saved with it.
 */
@API(status = API.Status.STABLE)
public record LoadedModel(Network network, ModelSpec spec, ModelMetadata metadata) {
    public LoadedModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(metadata, "metadata");
    }
}
