package org.nnj.optimizers;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Precision;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Parallelism;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Updater;

/**
 * {@code adam}: adaptive moment estimation (Kingma and Ba, 2015) with optional coupled L2 weight decay and the
 * AMSGrad variant, step for step as PyTorch's {@code torch.optim.Adam}.
 *
 * <p>For step {@code t = 1, 2, ...} with gradient {@code g_t}, {@code eta} the learning rate passed to
 * {@link Updater#update} and {@code lambda = weight_decay}; the moments start at zero:
 * <pre>
 *   d_t  = g_t + lambda * w_{t-1}
 *   m_t  = beta1 * m_{t-1} + (1 - beta1) * d_t
 *   v_t  = beta2 * v_{t-1} + (1 - beta2) * d_t * d_t
 *   vh_t = max(vh_{t-1}, v_t) if amsgrad, else v_t
 *   w_t  = w_{t-1} - (eta / (1 - beta1^t)) * m_t / (sqrt(vh_t) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The weight decay here is an L2 penalty folded into the gradient, so it too is divided by the adaptive
 * denominator; for decoupled decay use {@link AdamW}. State: {@code step}, {@code exp_avg} (m),
 * {@code exp_avg_sq} (v) and, with AMSGrad, {@code max_exp_avg_sq}.
 */
@API(status = API.Status.STABLE)
public final class Adam implements Optimizer {
    private static final List<Param> PARAMS = List.of(
            Param.real("lr", 1e-3, "learning rate eta").greaterThan(0),
            Param.real("beta1", 0.9, "decay of the first-moment average").atLeast(0).lessThan(1),
            Param.real("beta2", 0.999, "decay of the second-moment average").atLeast(0).lessThan(1),
            Param.real("eps", 1e-8, "added to the denominator").greaterThan(0),
            Param.real("weight_decay", 0.0, "coupled L2 penalty lambda, added to the gradient").atLeast(0),
            Param.bool("amsgrad", false, "use the running maximum of the second moment (AMSGrad)"));

    private final Config config;

    /** Adam with the usual defaults: {@code lr = 1e-3}, betas 0.9 / 0.999, {@code eps = 1e-8}. */
    public Adam() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private Adam(Config config) {
        this.config = config;
    }

    /** An {@code adam} with the given raw parameters (validated like a spec file's). */
    public static Adam of(Map<String, ?> params) {
        return new Adam(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public String description() {
        return "Adam: bias-corrected first and second gradient moments, optional L2 weight decay and AMSGrad";
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
        return new Adam(config);
    }

    @Override
    public double learningRate() {
        return config.real("lr");
    }

    @Override
    public Updater newUpdater(int size, Precision precision) {
        return newUpdater(size, precision, null);
    }

    /** The update's loop runs its ranges with {@code parallelism} (null: on the calling thread). */
    @Override
    public Updater newUpdater(int size, Precision precision, Parallelism parallelism) {
        return new AdamUpdater(size, precision, config.real("beta1"), config.real("beta2"), config.real("eps"),
                config.real("weight_decay"), 0, config.bool("amsgrad"), parallelism);
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
