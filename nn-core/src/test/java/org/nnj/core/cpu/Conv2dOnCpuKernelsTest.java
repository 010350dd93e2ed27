package org.nnj.core.cpu;

import java.util.List;
import java.util.Map;
import org.nnj.api.PluginRef;
import org.nnj.api.Shape;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.PluginKind;
import org.nnj.testkit.ClassPathPlugins;
import org.nnj.testkit.LayerContract;

/**
 * nn-layers' {@code conv2d} layer under the layer contract on the core's own matrix kernels ({@link CpuMatOps})
 * instead of the kit's reference loops: its patch products go through the kernels a network trains with.
 */
class Conv2dOnCpuKernelsTest extends LayerContract {
    @Override
    protected Layer layer() {
        return ClassPathPlugins.create(PluginKind.LAYER, PluginRef.of("conv2d", Map.of("filters", 3, "kernel_size", 3,
                "padding", 1, "activation", "tanh")), "conv2d");
    }

    @Override
    protected MatOps ops() {
        return CpuMatOps.INSTANCE;
    }

    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.image(3, 6, 5), Shape.image(1, 7, 7)};
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("filters", 5, "kernel_size", 3, "stride", 2, "padding", 1),
                Map.of("filters", 1, "kernel_size", 2, "dilation", 2, "use_bias", false));
    }
}
