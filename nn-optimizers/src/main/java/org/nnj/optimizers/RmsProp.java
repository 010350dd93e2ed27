package org.nnj.optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Precision;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Updater;

/**
 * {@code rmsprop}: steps scaled by a running root-mean-square of the gradient (Hinton's lecture 6e), step for
 * step as PyTorch's {@code torch.optim.RMSprop}, including its centered and momentum variants.
 *
 * <p>For step {@code t = 1, 2, ...} with gradient {@code g_t}, {@code eta} the learning rate passed to
 * {@link Updater#update}, {@code lambda = weight_decay}, {@code rho = alpha} and {@code mu = momentum}; all
 * state starts at zero:
 * <pre>
 *   d_t = g_t + lambda * w_{t-1}
 *   v_t = rho * v_{t-1} + (1 - rho) * d_t * d_t
 *   a_t = rho * a_{t-1} + (1 - rho) * d_t                     (centered only)
 *   r_t = sqrt(v_t - a_t * a_t) + eps   if centered
 *       = sqrt(v_t) + eps               otherwise
 *   b_t = mu * b_{t-1} + d_t / r_t,  w_t = w_{t-1} - eta * b_t   if mu > 0
 *   w_t = w_{t-1} - eta * d_t / r_t                              otherwise
 * </pre>
 * State: {@code step}, {@code square_avg} (v), {@code grad_avg} (a, when centered) and {@code momentum_buffer}
 * (b, when {@code mu > 0}).
 */
@API(status = API.Status.STABLE)
public final class RmsProp implements Optimizer {
    private static final List<Param> PARAMS = List.of(
            Param.real("lr", 0.01, "learning rate eta").greaterThan(0),
            Param.real("alpha", 0.99, "smoothing constant rho of the running averages").atLeast(0).lessThan(1),
            Param.real("eps", 1e-8, "added to the root-mean-square").greaterThan(0),
            Param.real("weight_decay", 0.0, "coupled L2 penalty lambda, added to the gradient").atLeast(0),
            Param.real("momentum", 0.0, "momentum factor mu").atLeast(0).lessThan(1),
            Param.bool("centered", false, "divide by the estimated standard deviation of the gradient instead"));

    private final Config config;
    private final double lr;
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    /** RMSprop with PyTorch's defaults: {@code lr = 0.01}, {@code alpha = 0.99}, {@code eps = 1e-8}. */
    public RmsProp() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private RmsProp(Config config) {
        this.config = config;
        this.lr = config.real("lr");
        this.alpha = config.real("alpha");
        this.eps = config.real("eps");
        this.weightDecay = config.real("weight_decay");
        this.momentum = config.real("momentum");
        this.centered = config.bool("centered");
    }

    /** An {@code rmsprop} with the given raw parameters (validated like a spec file's). */
    public static RmsProp of(Map<String, ?> params) {
        return new RmsProp(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public String description() {
        return "RMSprop: step scaled by 1 / running root-mean-square of the gradient";
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
        return new RmsProp(config);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public Updater newUpdater(int size, Precision precision) {
        return new RmsPropUpdater(size, precision);
    }

    @Override
    public String toString() {
        return name() + config;
    }

    private final class RmsPropUpdater extends LazyUpdater {
        /** Indices of the optional arrays in the state, or -1. */
        private final int gradAvg;
        private final int buffer;

        RmsPropUpdater(int size, Precision precision) {
            super(size, precision, names(), new double[names().length]);
            this.gradAvg = centered ? 1 : -1;
            this.buffer = momentum > 0 ? (centered ? 2 : 1) : -1;
        }

        @Override
        void update32(float[] w, int wo, float[] g, int go, double learningRate, long t) {
            F32Updates.rmsprop(w, wo, g, go, size(), f32[0], gradAvg < 0 ? null : f32[gradAvg],
                    buffer < 0 ? null : f32[buffer], learningRate, alpha, weightDecay, eps, momentum);
        }

        @Override
        void update64(double[] w, int wo, double[] g, int go, double learningRate, long t) {
            F64Updates.rmsprop(w, wo, g, go, size(), f64[0], gradAvg < 0 ? null : f64[gradAvg],
                    buffer < 0 ? null : f64[buffer], learningRate, alpha, weightDecay, eps, momentum);
        }
    }

    private String[] names() {
        List<String> names = new ArrayList<>(3);
        names.add("square_avg");
        if (centered) {
            names.add("grad_avg");
        }
        if (momentum > 0) {
            names.add("momentum_buffer");
        }
        return names.toArray(new String[0]);
    }
}
