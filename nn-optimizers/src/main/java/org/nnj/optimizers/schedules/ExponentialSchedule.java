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
 * {@code exponential}: the rate shrinks by {@code gamma} every epoch, as PyTorch's {@code ExponentialLR} stepped
 * once per epoch:
 * <pre>
 *   lr(epoch) = base * gamma^epoch      (epoch counted from 0)
 * </pre>
 */
@API(status = API.Status.STABLE)
public final class ExponentialSchedule implements Schedule {
    private static final List<Param> PARAMS = List.of(
            Param.real("gamma", 0.95, "factor per epoch").greaterThan(0));

    private final Config config;
    private final double gamma;

    /** A decay by 0.95 per epoch. */
    public ExponentialSchedule() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private ExponentialSchedule(Config config) {
        this.config = config;
        this.gamma = config.real("gamma");
    }

    /** An {@code exponential} schedule with the given raw parameters (validated like a spec file's). */
    public static ExponentialSchedule of(Map<String, ?> params) {
        return new ExponentialSchedule(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "exponential";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("exponential_lr");
    }

    @Override
    public String description() {
        return "lr = base * gamma^epoch";
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
        return new ExponentialSchedule(config);
    }

    @Override
    public double learningRate(double baseRate, TrainingProgress progress) {
        return baseRate * Math.pow(gamma, progress.epoch());
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
