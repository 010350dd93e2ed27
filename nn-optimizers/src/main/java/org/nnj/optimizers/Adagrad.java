package org.nnj.optimizers;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Precision;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Updater;

/**
 * {@code adagrad}: per-element learning rates from the running sum of squared gradients (Duchi et al., 2011),
 * step for step as PyTorch's {@code torch.optim.Adagrad}.
 *
 * <p>For step {@code t = 1, 2, ...} with gradient {@code g_t}, {@code eta} the learning rate passed to
 * {@link Updater#update}, {@code lambda = weight_decay}, {@code delta = lr_decay} and {@code s_0 =
 * initial_accumulator_value}:
 * <pre>
 *   d_t   = g_t + lambda * w_{t-1}
 *   eta_t = eta / (1 + (t - 1) * delta)
 *   s_t   = s_{t-1} + d_t * d_t
 *   w_t   = w_{t-1} - eta_t * d_t / (sqrt(s_t) + eps)
 * </pre>
 * State: {@code step} and {@code sum}.
 */
@API(status = API.Status.STABLE)
public final class Adagrad implements Optimizer {
    private static final List<Param> PARAMS = List.of(
            Param.real("lr", 0.01, "learning rate eta").greaterThan(0),
            Param.real("lr_decay", 0.0, "learning-rate decay delta per step").atLeast(0),
            Param.real("weight_decay", 0.0, "coupled L2 penalty lambda, added to the gradient").atLeast(0),
            Param.real("initial_accumulator_value", 0.0, "starting value s_0 of the squared-gradient sum")
                    .atLeast(0),
            Param.real("eps", 1e-10, "added to the root of the sum").greaterThan(0));

    private final Config config;
    private final double lr;
    private final double lrDecay;
    private final double weightDecay;
    private final double initialSum;
    private final double eps;

    /** Adagrad with PyTorch's defaults: {@code lr = 0.01}, {@code eps = 1e-10}. */
    public Adagrad() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private Adagrad(Config config) {
        this.config = config;
        this.lr = config.real("lr");
        this.lrDecay = config.real("lr_decay");
        this.weightDecay = config.real("weight_decay");
        this.initialSum = config.real("initial_accumulator_value");
        this.eps = config.real("eps");
    }

    /** An {@code adagrad} with the given raw parameters (validated like a spec file's). */
    public static Adagrad of(Map<String, ?> params) {
        return new Adagrad(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public String description() {
        return "AdaGrad: step scaled by 1 / sqrt(sum of squared gradients)";
    }

    @Override
    public List<Param> parameters() {
        return PARAMS;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Optimizer configure(Config config) {
        return new Adagrad(config);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public Updater newUpdater(int size, Precision precision) {
        return new AdagradUpdater(size, precision);
    }

    @Override
    public String toString() {
        return name() + config;
    }

    private final class AdagradUpdater extends LazyUpdater {
        AdagradUpdater(int size, Precision precision) {
            super(size, precision, new String[] {"sum"}, new double[] {initialSum});
        }

        @Override
        void update32(float[] w, int wo, float[] g, int go, double learningRate, long t) {
            F32Updates.adagrad(w, wo, g, go, size(), f32[0], learningRate, lrDecay, weightDecay, eps, t);
        }

        @Override
        void update64(double[] w, int wo, double[] g, int go, double learningRate, long t) {
            F64Updates.adagrad(w, wo, g, go, size(), f64[0], learningRate, lrDecay, weightDecay, eps, t);
        }
    }
}
