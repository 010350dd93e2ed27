package org.nnj.example.plugins;

import java.util.List;
import java.util.Map;
import org.nnj.api.Shape;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.Param;

/**
 * {@code scale_shift}: a learnable affine map per feature, {@code y[r][c] = x[r][c] * gamma[c] + beta[c]}, with
 * one scale {@code gamma} and one shift {@code beta} per input column (the affine half of a normalization
 * layer). The width is unchanged. Starts as the identity: {@code gamma = init_scale} (default 1),
 * {@code beta = 0}.
 *
 * <p>Back-propagation, with {@code g = dC/dy}: {@code dC/dgamma[c] = sum_r g[r][c] x[r][c]},
 * {@code dC/dbeta[c] = sum_r g[r][c]}, {@code dC/dx[r][c] = g[r][c] gamma[c]}.
 */
public final class ScaleShift implements Layer {
    private final double initScale;

    public ScaleShift() {
        this(1.0);
    }

    private ScaleShift(double initScale) {
        this.initScale = initScale;
    }

    @Override
    public String name() {
        return "scale_shift";
    }

    @Override
    public String description() {
        return "learnable per-feature affine map y = x * gamma + beta; width unchanged";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.real("init_scale", 1.0, "initial value of every gamma (beta starts at 0)"));
    }

    @Override
    public Config config() {
        return Config.resolve("", parameters(), Map.of("init_scale", initScale));
    }

    @Override
    public Layer configure(Config config) {
        return new ScaleShift(config.real("init_scale"));
    }

    /**
     * The input's shape: the layer works element-wise, so it keeps an image an image. (A layer that only needs
     * widths may implement {@code outputSize(int)} instead; it then sees its input flattened.)
     */
    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        return new ScaleShiftRuntime(context.inputSize(), initScale);
    }
}
