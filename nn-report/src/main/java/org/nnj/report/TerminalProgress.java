package org.nnj.report;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import org.apiguardian.api.API;
import org.nnj.core.EpochResult;
import org.nnj.core.Network;
import org.nnj.core.TrainingListener;

/**
 * Training progress for people: on a terminal, a bar redrawn in place at most ten times a second (epoch, batch,
 * loss, samples/s, ETA); elsewhere (a log file, a pipe), exactly one plain line per epoch.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class TerminalProgress implements TrainingListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private int epochs;
    private int samples;
    private long batchesPerEpoch;
    private long runStart;
    private long epochStart;
    private long lastDraw;
    private double lossSum;
    private long lossCount;
    private long batchesDone;

    /** Progress to {@code out}: a bar redrawn in place when {@code terminal}, else one line per epoch. */
    public TerminalProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Whether standard output is an interactive terminal (JDK 22+ asks the console; before, a console exists only then). */
    public static boolean stdoutIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void onTrainingStart(Network network, int epochs, long batchesPerEpoch, int samples) {
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.samples = samples;
        runStart = System.nanoTime();
        epochStart = runStart;
    }

    @Override
    public void onBatchEnd(int epoch, long batch, long batches, double loss) {
        lossSum += loss;
        lossCount++;
        batchesDone++;
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (batch == 1) {
            epochStart = now;
        }
        if (now - lastDraw < REDRAW_NANOS && batch != batches) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - runStart) / 1e9;
        long total = (long) epochs * batchesPerEpoch;
        double eta = batchesDone == 0 ? 0 : elapsed / batchesDone * (total - batchesDone);
        double epochSeconds = (now - epochStart) / 1e9;
        double rate = epochSeconds > 0 ? batch * ((double) samples / batchesPerEpoch) / epochSeconds : 0;
        int filled = (int) (BAR * batch / batches);
        String bar = "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
        out.printf(Locale.ROOT, "\repoch %d/%d [%s] %d/%d loss %.4f %,.0f samples/s ETA %s   ", epoch, epochs, bar,
                batch, batches, lossSum / lossCount, rate, clock(eta));
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        if (terminal) {
            out.print("\r\033[2K");
        }
        out.println(epochLine(r, epochs));
        lossSum = 0;
        lossCount = 0;
    }

    /**
     * The one line that sums up an epoch of {@code epochs}: loss, the accuracy and validation figures the run has,
     * samples/s and seconds ({@code epoch 3/10: loss 0.4213, accuracy 0.8512, 61,020 samples/s, 0.98 s}).
     */
    public static String epochLine(EpochResult r, int epochs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f", r.epoch(), epochs,
                r.trainLoss()));
        if (!Double.isNaN(r.trainAccuracy())) {
            sb.append(String.format(Locale.ROOT, ", accuracy %.4f", r.trainAccuracy()));
        }
        if (!Double.isNaN(r.validationLoss())) {
            sb.append(String.format(Locale.ROOT, ", val_loss %.4f", r.validationLoss()));
        }
        if (!Double.isNaN(r.validationAccuracy())) {
            sb.append(String.format(Locale.ROOT, ", val_accuracy %.4f", r.validationAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, ", %,.0f samples/s, %.2f s", r.samplesPerSecond(), r.seconds()));
        return sb.toString();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
