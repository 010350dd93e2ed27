package org.nnj.example.plugins;

import java.util.List;
import java.util.Map;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Loss;
import org.nnj.api.spi.Param;

/**
 * The Huber loss (Huber 1964): quadratic for small residuals, linear for large ones, so outliers pull less
 * than under squared error. With {@code r = a - y}, per element {@code r^2 / 2} for {@code |r| <= delta} and
 * {@code delta (|r| - delta / 2)} beyond; per sample the sum over outputs, averaged over the rows of the batch
 * like every nnj loss. Gradient {@code clamp(r, -delta, delta) / rows}.
 *
 * <p>Name {@code huber}; parameter {@code delta > 0}, default 1. The loss is continuously differentiable; its
 * second derivative jumps at {@code r = +-delta}, which its test declares as kinks to the contract.
 */
public final class Huber implements Loss {
    private final double delta;

    public Huber() {
        this(1.0);
    }

    private Huber(double delta) {
        this.delta = delta;
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public String description() {
        return "r^2/2 for |r| <= delta, else delta (|r| - delta/2), summed over outputs";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.real("delta", 1.0, "where the loss turns from quadratic to linear").greaterThan(0));
    }

    @Override
    public Config config() {
        return Config.resolve("", parameters(), Map.of("delta", delta));
    }

    @Override
    public Loss configure(Config config) {
        return new Huber(config.real("delta"));
    }

    @Override
    public double loss(Mat output, Mat target) {
        Shapes.requireSameShape("huber loss: target", output, target);
        double sum = 0;
        for (int i = 0, n = output.size(); i < n; i++) {
            double r = Math.abs(output.getFlat(i) - target.getFlat(i));
            sum += r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
        }
        return output.rows() == 0 ? 0 : sum / output.rows();
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        Shapes.requireSameShape("huber gradient: target", output, target);
        Shapes.requireSameShape("huber gradient: gradOutput", output, gradOutput);
        double scale = 1.0 / Math.max(1, output.rows());
        for (int i = 0, n = output.size(); i < n; i++) {
            double r = output.getFlat(i) - target.getFlat(i);
            gradOutput.setFlat(i, scale * Math.max(-delta, Math.min(delta, r)));
        }
    }
}
