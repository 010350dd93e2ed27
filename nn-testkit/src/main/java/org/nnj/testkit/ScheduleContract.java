package org.nnj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.PluginKind;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;

/**
 * The conformance suite every {@link Schedule} test extends: supply the plugin and its stable name, and
 * optionally {@link #parameterVariants() parameter variants}; everything {@link PluginContract} checks (name,
 * parameters, configuration round trip, out-of-range values, discovery) comes with it.
 *
 * <p>What it adds, for the defaults and for every variant, over whole runs of 1, 3 and 20 epochs with 1 and 7
 * steps per epoch: every rate is finite and {@code >= 0}; the schedule is pure (the same progress gives the same
 * rate, also from a re-configured copy, which is what lets a resumed run follow the same schedule); and a
 * schedule that is evaluated per epoch ({@link #perEpoch}) keeps the rate constant within an epoch.
 */
@API(status = API.Status.STABLE)
public abstract class ScheduleContract extends PluginContract<Schedule> {
    private static final double BASE = 0.1;
    private static final int[] RUN_EPOCHS = {1, 3, 20};
    private static final long[] STEPS_PER_EPOCH = {1, 7};

    /** A fresh instance of the schedule under test, with default parameters. */
    protected abstract Schedule schedule();

    /** The name saved models refer to; it must never change. */
    protected abstract String expectedName();

    /** Whether {@code schedule} changes the rate only between epochs (true by default). */
    protected boolean perEpoch(Schedule schedule) {
        return true;
    }

    @Override
    protected final Schedule plugin() {
        return schedule();
    }

    @Override
    protected final PluginKind<Schedule> kind() {
        return PluginKind.SCHEDULE;
    }

    /** The same rate at every point of the runs checked here, bit for bit. */
    @Override
    protected void assertSameBehaviour(Schedule expected, Schedule actual, ContractFailures failures) {
        for (TrainingProgress at : progressGrid()) {
            double a = expected.learningRate(BASE, at);
            double b = actual.learningRate(BASE, at);
            if (Double.compare(a, b) != 0) {
                failures.add("at " + at + " the rate is " + b + ", expected " + a);
                return;
            }
        }
    }

    @Test
    public void nameIsTheExpectedOne() {
        assertEquals(expectedName(), schedule().name(), "name of " + schedule().getClass().getName()
                + " (saved models refer to it, so it must not change)");
    }

    @Test
    public void ratesAreFiniteNonNegativeAndPure() {
        ContractFailures failures = new ContractFailures(describe(schedule()));
        for (Schedule s : instances()) {
            for (TrainingProgress at : progressGrid()) {
                double lr = s.learningRate(BASE, at);
                if (!(lr >= 0) || Double.isInfinite(lr)) {
                    failures.add(s + " at " + at + ": rate " + lr + " is not finite and >= 0");
                }
                if (Double.compare(lr, s.learningRate(BASE, at)) != 0) {
                    failures.add(s + " at " + at + ": the same progress gave a different rate");
                }
            }
        }
        failures.assertNone("rates are finite, non-negative and pure");
    }

    @Test
    public void perEpochSchedulesAreConstantWithinAnEpoch() {
        ContractFailures failures = new ContractFailures(describe(schedule()));
        for (Schedule s : instances()) {
            if (!perEpoch(s)) {
                continue;
            }
            for (TrainingProgress at : progressGrid()) {
                TrainingProgress first = new TrainingProgress(at.epoch(), at.epoch() * at.stepsPerEpoch(),
                        at.stepsPerEpoch(), at.totalEpochs());
                double lr = s.learningRate(BASE, at);
                double lr0 = s.learningRate(BASE, first);
                if (Double.compare(lr, lr0) != 0) {
                    failures.add(s + " at " + at + ": rate " + lr + " differs from the epoch's first, " + lr0
                            + ", though the schedule is evaluated per epoch");
                }
            }
        }
        failures.assertNone("per-epoch rates");
    }

    /** Every step of runs of several lengths and batch counts. */
    private static List<TrainingProgress> progressGrid() {
        List<TrainingProgress> out = new ArrayList<>();
        for (int epochs : RUN_EPOCHS) {
            for (long perEpoch : STEPS_PER_EPOCH) {
                for (int e = 0; e < epochs; e++) {
                    for (long k = 0; k < perEpoch; k++) {
                        out.add(new TrainingProgress(e, e * perEpoch + k, perEpoch, epochs));
                    }
                }
            }
        }
        return out;
    }
}
