package org.nnj.example.plugins;

import java.util.List;
import java.util.Map;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Updater;
import org.nnj.api.spi.UpdaterState;

/**
 * {@code adamax}: Adam with the infinity norm (Kingma and Ba, 2015, section 7.1), with the update written as in
 * PyTorch 1.13's {@code torch.optim.Adamax} (not checked against PyTorch here). For step {@code t = 1, 2, ...}
 * with gradient {@code g_t}, {@code eta} the learning rate and {@code lambda = weight_decay}; {@code m} and
 * {@code u} start at zero:
 * <pre>
 *   d_t = g_t + lambda * w_{t-1}
 *   m_t = beta1 * m_{t-1} + (1 - beta1) * d_t
 *   u_t = max(beta2 * u_{t-1}, |d_t| + eps)
 *   w_t = w_{t-1} - (eta / (1 - beta1^t)) * m_t / u_t
 * </pre>
 * Written against nn-api alone: the state (the step counter {@code t}, {@code exp_avg} = m, {@code exp_inf} = u)
 * is an {@link UpdaterState}, which also makes the checks and throws the exceptions the contract asks for.
 */
public final class Adamax implements Optimizer {
    private static final List<Param> PARAMS = List.of(
            Param.real("lr", 2e-3, "learning rate eta").greaterThan(0),
            Param.real("beta1", 0.9, "decay of the first-moment average").atLeast(0).lessThan(1),
            Param.real("beta2", 0.999, "decay of the infinity norm").atLeast(0).lessThan(1),
            Param.real("eps", 1e-8, "added to |gradient| in the norm").greaterThan(0),
            Param.real("weight_decay", 0.0, "coupled L2 penalty lambda, added to the gradient").atLeast(0));

    private final Config config;

    /** PyTorch's defaults: {@code lr = 0.002}, betas 0.9 / 0.999, {@code eps = 1e-8}. */
    public Adamax() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private Adamax(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "adamax";
    }

    @Override
    public String description() {
        return "Adamax: Adam with the infinity norm of past gradients in the denominator";
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
        return new Adamax(config);
    }

    @Override
    public double learningRate() {
        return config.real("lr");
    }

    @Override
    public Updater newUpdater(int size, Precision precision) {
        return new AdamaxUpdater(new UpdaterState(size, precision, List.of("exp_avg", "exp_inf"), 0, 0),
                config.real("beta1"), config.real("beta2"), config.real("eps"), config.real("weight_decay"));
    }

    @Override
    public String toString() {
        return name() + config;
    }

    private static final class AdamaxUpdater implements Updater {
        private final UpdaterState state;
        private final double beta1;
        private final double beta2;
        private final double eps;
        private final double lambda;

        AdamaxUpdater(UpdaterState state, double beta1, double beta2, double eps, double lambda) {
            this.state = state;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.lambda = lambda;
        }

        @Override
        public void update(Mat params, Mat grads, double lr) {
            long t = state.next(params, grads, lr);
            double clr = lr / (1 - Math.pow(beta1, t));
            int n = state.size();
            if (params instanceof F32Mat w && grads instanceof F32Mat g) {
                float[] wd = w.data();
                float[] gd = g.data();
                int wo = w.offset();
                int go = g.offset();
                float[] m = state.floats(0);
                float[] u = state.floats(1);
                float b1 = (float) beta1;
                float b2 = (float) beta2;
                float keep1 = (float) (1 - beta1);
                float e = (float) eps;
                float l = (float) lambda;
                float c = (float) clr;
                for (int i = 0; i < n; i++) {
                    float d = gd[go + i] + l * wd[wo + i];
                    float mi = b1 * m[i] + keep1 * d;
                    float ui = Math.max(b2 * u[i], Math.abs(d) + e);
                    m[i] = mi;
                    u[i] = ui;
                    wd[wo + i] -= c * mi / ui;
                }
            } else {
                double[] wd = ((F64Mat) params).data();
                double[] gd = ((F64Mat) grads).data();
                int wo = ((F64Mat) params).offset();
                int go = ((F64Mat) grads).offset();
                double[] m = state.doubles(0);
                double[] u = state.doubles(1);
                for (int i = 0; i < n; i++) {
                    double d = gd[go + i] + lambda * wd[wo + i];
                    double mi = beta1 * m[i] + (1 - beta1) * d;
                    double ui = Math.max(beta2 * u[i], Math.abs(d) + eps);
                    m[i] = mi;
                    u[i] = ui;
                    wd[wo + i] -= clr * mi / ui;
                }
            }
        }

        @Override
        public List<NamedTensor> state() {
            return state.tensors();
        }

        @Override
        public void reset() {
            state.reset();
        }
    }
}
