package org.nnj.optimizers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.Precision;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Parallelism;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Updater;

/**
 * {@code adamw}: Adam with decoupled weight decay (Loshchilov and Hutter, 2019), step for step as PyTorch's
 * {@code torch.optim.AdamW}.
 *
 * <p>For step {@code t = 1, 2, ...} with gradient {@code g_t}, {@code eta} the learning rate passed to
 * {@link Updater#update} (so a schedule scales the decay too) and {@code lambda = weight_decay}:
 * <pre>
 *   u_t  = (1 - eta * lambda) * w_{t-1}
 *   m_t  = beta1 * m_{t-1} + (1 - beta1) * g_t
 *   v_t  = beta2 * v_{t-1} + (1 - beta2) * g_t * g_t
 *   vh_t = max(vh_{t-1}, v_t) if amsgrad, else v_t
 *   w_t  = u_t - (eta / (1 - beta1^t)) * m_t / (sqrt(vh_t) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The decay applies to every element of the parameter vector it is given (PyTorch's default for one parameter
 * group). State: {@code step}, {@code exp_avg} (m), {@code exp_avg_sq} (v) and, with AMSGrad,
 * {@code max_exp_avg_sq}.
 */
@API(status = API.Status.STABLE)
public final class AdamW implements Optimizer {
    private static final List<Param> PARAMS = List.of(
            Param.real("lr", 1e-3, "learning rate eta").greaterThan(0),
            Param.real("beta1", 0.9, "decay of the first-moment average").atLeast(0).lessThan(1),
            Param.real("beta2", 0.999, "decay of the second-moment average").atLeast(0).lessThan(1),
            Param.real("eps", 1e-8, "added to the denominator").greaterThan(0),
            Param.real("weight_decay", 0.01, "decoupled decay lambda: w shrinks by eta * lambda * w per step")
                    .atLeast(0),
            Param.bool("amsgrad", false, "use the running maximum of the second moment (AMSGrad)"));

    private final Config config;

    /** AdamW with PyTorch's defaults: {@code lr = 1e-3}, betas 0.9 / 0.999, {@code eps = 1e-8}, decay 0.01. */
    public AdamW() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private AdamW(Config config) {
        this.config = config;
    }

    /** An {@code adamw} with the given raw parameters (validated like a spec file's). */
    public static AdamW of(Map<String, ?> params) {
        return new AdamW(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("adam_w");
    }

    @Override
    public String description() {
        return "AdamW: Adam with decoupled weight decay";
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
        return new AdamW(config);
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
                0, config.real("weight_decay"), config.bool("amsgrad"), parallelism);
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
