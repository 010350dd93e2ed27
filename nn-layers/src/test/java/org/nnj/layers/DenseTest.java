package org.nnj.layers;

import java.util.List;
import java.util.Map;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.testkit.LayerContract;

class DenseTest extends LayerContract {
    @Override
    protected Layer layer() {
        Dense dense = new Dense();
        return dense.configure(Config.resolve("dense", dense.parameters(), Map.of("units", 4, "activation", "tanh")));
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("units", 1), Map.of("units", 3, "use_bias", false),
                Map.of("units", 2, "l1", 0.01, "l2", 0.1, "initializer", "he_normal"));
    }
}
