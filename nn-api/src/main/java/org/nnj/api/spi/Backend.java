package org.nnj.api.spi;

import org.apiguardian.api.API;

/**
 * Where a network's matrix products run: a named plugin that offers {@link MatOps}. The framework's own
 * kernels (pure Java, no native library) are the backend {@code cpu} and the default; another backend, for
 * example one that calls a native BLAS, is chosen by name when a network is built (the CLI's
 * {@code --backend}, {@code Nets.network(..).backend(..)}). The choice is not part of the model: a network saved
 * with one backend loads and runs with any other, and the results differ at most by float rounding (the order
 * of the additions in a dot product).
 */
@API(status = API.Status.EXPERIMENTAL)
public interface Backend extends Plugin<Backend> {

    /**
     * The kernels of this backend for one network.
     *
     * @param builtIn     the framework's own kernels, for the products this backend leaves to them (and for
     *                    its element-wise helpers)
     * @param parallelism the framework's matrix-multiply threads, so that a backend needs no thread pool of its own
     * @throws org.nnj.api.PluginException when the backend cannot run here (a native library missing or
     *                                     unsuitable), saying what was found and what to install or set
     */
    MatOps ops(MatOps builtIn, Parallelism parallelism);
}
