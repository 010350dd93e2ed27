package org.nnj.core.cpu;

import java.util.List;
import java.util.Map;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.PluginKind;
import org.nnj.testkit.ClassPathPlugins;
import org.nnj.testkit.LayerContract;

/**
 * nn-layers' {@code dense} layer under the layer contract on the core's own matrix kernels ({@link CpuMatOps}:
 * blocked, packed, vectorized) instead of the kit's reference loops: the gradient check, batch-against-row and
 * float32-against-float64 agreement and thread safety with the kernels a network trains with.
 */
class DenseOnCpuKernelsTest extends LayerContract {
    @Override
    protected Layer layer() {
        return ClassPathPlugins.create(PluginKind.LAYER, PluginRef.of("dense", Map.of("units", 4, "activation",
                "tanh")), "dense");
    }

    @Override
    protected MatOps ops() {
        return CpuMatOps.INSTANCE;
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("units", 1), Map.of("units", 3, "use_bias", false),
                Map.of("units", 2, "l1", 0.01, "l2", 0.1, "initializer", "he_normal"));
    }
}
