package org.nnj.examples;

import java.io.PrintStream;
import org.nnj.core.EpochResult;
import org.nnj.core.Network;
import org.nnj.core.TrainingListener;
import org.nnj.report.TerminalProgress;

/**
 * The examples' progress: {@link TerminalProgress#epochLine} every {@code every} epochs, and for the first and the
 * last, with no bar (an example's epochs are short and its output is read as a log).
 */
final class ProgressPrinter implements TrainingListener {
    private final PrintStream out;
    private final int every;
    private int epochs;

    ProgressPrinter(PrintStream out, int every) {
        this.out = out;
        this.every = every;
    }

    @Override
    public void onTrainingStart(Network network, int epochs, long batchesPerEpoch, int samples) {
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        if (out == null || r.epoch() % every != 0 && r.epoch() != 1 && r.epoch() != epochs) {
            return;
        }
        out.println(TerminalProgress.epochLine(r, epochs));
    }
}
