package org.nnj.optimizers.schedules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;

/**
 * {@code step}: the rate drops by a factor {@code gamma} every {@code step_size} epochs, per epoch as PyTorch's
 * {@code StepLR} stepped once per epoch:
 * <pre>
 *   lr(epoch) = base * gamma^floor(epoch / step_size)      (epoch counted from 0)
 * </pre>
 */
@API(status = API.Status.STABLE)
public final class StepSchedule implements Schedule {
    private static final List<Param> PARAMS = List.of(
            Param.integer("step_size", 10, "epochs between drops").atLeast(1),
            Param.real("gamma", 0.1, "factor applied at each drop").greaterThan(0));

    private final Config config;
    private final long stepSize;
    private final double gamma;

    /** A drop by 0.1 every 10 epochs. */
    public StepSchedule() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private StepSchedule(Config config) {
        this.config = config;
        this.stepSize = config.longValue("step_size");
        this.gamma = config.real("gamma");
    }

    /** A {@code step} schedule with the given raw parameters (validated like a spec file's). */
    public static StepSchedule of(Map<String, ?> params) {
        return new StepSchedule(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "step";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("step_lr");
    }

    @Override
    public String description() {
        return "lr = base * gamma^floor(epoch / step_size)";
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
    public Schedule configure(Config config) {
        return new StepSchedule(config);
    }

    @Override
    public double learningRate(double baseRate, TrainingProgress progress) {
        return baseRate * Math.pow(gamma, progress.epoch() / stepSize);
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
