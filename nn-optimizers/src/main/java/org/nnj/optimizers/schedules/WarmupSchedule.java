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
 * {@code warmup} (alias {@code linear_warmup}): a linear ramp from {@code start_factor * base} up to the base rate
 * over the first {@code warmup} units, then either the base rate ({@code then = constant}) or a cosine decay to
 * {@code eta_min} over the rest of the run ({@code then = cosine}).
 *
 * <p>The unit is the epoch ({@code unit = epoch}, the rate changes once per epoch) or the optimizer step
 * ({@code unit = step}, it changes every mini-batch). With {@code t} the epoch or the run-wide step (from 0),
 * {@code W = warmup}, {@code s = start_factor} and {@code T} the run's length in that unit (total epochs, or
 * total epochs times steps per epoch):
 * <pre>
 *   lr(t) = base * (s + (1 - s) * t / W)                                       for t &lt; W
 *   lr(t) = base                                                               for t &gt;= W, then = constant
 *   lr(t) = eta_min + (base - eta_min) * (1 + cos(pi * (t - W) / L)) / 2         for t &gt;= W, then = cosine,
 *           with L = max(1, T - W)
 * </pre>
 * Per epoch, the ramp equals PyTorch's {@code LinearLR(start_factor=s, end_factor=1, total_iters=W)} and the
 * cosine variant equals {@code SequentialLR([LinearLR(...), CosineAnnealingLR(T_max=T-W, eta_min)],
 * milestones=[W])}.
 */
@API(status = API.Status.STABLE)
public final class WarmupSchedule implements Schedule {
    private static final List<Param> PARAMS = List.of(
            Param.real("start_factor", 1.0 / 3, "fraction of the base rate at t = 0").greaterThan(0).atMost(1),
            Param.integer("warmup", 5, "length W of the ramp, in units").atLeast(1),
            Param.string("unit", "epoch", List.of("epoch", "step"), "what t counts: epochs or optimizer steps"),
            Param.string("then", "constant", List.of("constant", "cosine"), "what follows the ramp"),
            Param.real("eta_min", 0.0, "the lowest rate of the cosine decay (then = cosine)").atLeast(0));

    private final Config config;
    private final double startFactor;
    private final long warmup;
    private final boolean perStep;
    private final boolean cosine;
    private final double etaMin;

    /** A ramp from a third of the base rate over 5 epochs, then the base rate. */
    public WarmupSchedule() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private WarmupSchedule(Config config) {
        this.config = config;
        this.startFactor = config.real("start_factor");
        this.warmup = config.longValue("warmup");
        this.perStep = "step".equals(config.string("unit"));
        this.cosine = "cosine".equals(config.string("then"));
        this.etaMin = config.real("eta_min");
    }

    /** A {@code warmup} schedule with the given raw parameters (validated like a spec file's). */
    public static WarmupSchedule of(Map<String, ?> params) {
        return new WarmupSchedule(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "warmup";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("linear_warmup");
    }

    @Override
    public String description() {
        return "linear ramp from start_factor * base to base over `warmup` epochs or steps, then constant or cosine";
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
        return new WarmupSchedule(config);
    }

    @Override
    public double learningRate(double baseRate, TrainingProgress progress) {
        long t = perStep ? progress.step() : progress.epoch();
        if (t < warmup) {
            return baseRate * (startFactor + (1 - startFactor) * t / warmup);
        }
        if (!cosine) {
            return baseRate;
        }
        long total = perStep ? progress.totalEpochs() * progress.stepsPerEpoch() : progress.totalEpochs();
        return CosineSchedule.anneal(baseRate, etaMin, t - warmup, Math.max(1, total - warmup));
    }

    @Override
    public String toString() {
        return name() + config;
    }
}
