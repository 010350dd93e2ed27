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
 * {@code cosine}: cosine annealing from the base rate down to {@code eta_min} over {@code t_max} epochs, per
 * epoch, equal to PyTorch's {@code CosineAnnealingLR} stepped once per epoch (its closed form):
 * <pre>
 *   lr(epoch) = eta_min + (base - eta_min) * (1 + cos(pi * epoch / t_max)) / 2      (epoch counted from 0)
 * </pre>
 * {@code t_max} defaults to the run's total epochs, so the last epoch still trains at a small positive rate.
 * Past {@code t_max} the formula, like PyTorch's, rises again (a period of {@code 2 * t_max}); it does not
 * restart.
 */
@API(status = API.Status.STABLE)
public final class CosineSchedule implements Schedule {
    private static final List<Param> PARAMS = List.of(
            Param.integer("t_max", null, "epochs from the base rate to eta_min; default: the run's epochs")
                    .atLeast(1).optional(),
            Param.real("eta_min", 0.0, "the lowest rate").atLeast(0));

    private final Config config;
    private final long tMax;
    private final double etaMin;

    /** Annealing to 0 over the whole run. */
    public CosineSchedule() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private CosineSchedule(Config config) {
        this.config = config;
        this.tMax = config.has("t_max") ? config.longValue("t_max") : 0;
        this.etaMin = config.real("eta_min");
    }

    /** A {@code cosine} schedule with the given raw parameters (validated like a spec file's). */
    public static CosineSchedule of(Map<String, ?> params) {
        return new CosineSchedule(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "cosine";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("cosine_annealing");
    }

    @Override
    public String description() {
        return "lr = eta_min + (base - eta_min) * (1 + cos(pi * epoch / t_max)) / 2";
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
        return new CosineSchedule(config);
    }

    @Override
    public double learningRate(double baseRate, TrainingProgress progress) {
        long period = tMax > 0 ? tMax : progress.totalEpochs();
        return anneal(baseRate, etaMin, progress.epoch(), period);
    }

    /** {@code etaMin + (base - etaMin) * (1 + cos(pi * t / length)) / 2}. */
    static double anneal(double base, double etaMin, double t, double length) {
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / length)) / 2;
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
