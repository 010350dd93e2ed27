package org.nnj.examples;

import java.io.PrintStream;
import java.util.Locale;
import org.nnj.core.EpochResult;
import org.nnj.core.TrainingListener;

/** Prints one line per epoch (every {@code every} epochs, and the first and last). */
final class ProgressPrinter implements TrainingListener {
    private final PrintStream out;
    private final int every;
    private int epochs;

    ProgressPrinter(PrintStream out, int every) {
        this.out = out;
        this.every = every;
    }

    @Override
    public void onTrainingStart(org.nnj.core.Network network, int epochs, long batchesPerEpoch, int samples) {
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        if (out == null || r.epoch() % every != 0 && r.epoch() != 1 && r.epoch() != epochs) {
            return;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %3d/%d  loss %.4f", r.epoch(), epochs,
                r.trainLoss()));
        if (!Double.isNaN(r.trainAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  accuracy %.4f", r.trainAccuracy()));
        }
        if (!Double.isNaN(r.validationLoss())) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f", r.validationLoss()));
        }
        if (!Double.isNaN(r.validationAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  val_accuracy %.4f", r.validationAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, "  %,.0f samples/s", r.samplesPerSecond()));
        out.println(sb);
    }
}
