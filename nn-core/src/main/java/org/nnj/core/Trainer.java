package org.nnj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nnj.api.ConfigException;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.TrainingException;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Parallelism;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;
import org.nnj.api.spi.Updater;
import org.nnj.core.math.Finite;
import org.nnj.core.math.Gemm;
import org.nnj.core.math.WorkerParallelism;
import org.nnj.core.random.SplitMix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Network} by mini-batch gradient descent: per epoch, a seeded shuffle; per mini-batch, forward,
 * loss, back-propagation (gradients averaged over the batch), a finiteness check, optional clipping, and the
 * optimizer's update with the scheduled learning rate. Loss per epoch goes to listeners and to SLF4J.
 *
 * <p>The loop allocates nothing per mini-batch: batch buffers and workspaces exist once per batch size.
 * Not thread-safe; one trainer per network at a time.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Network net;
    private final TrainingOptions options;
    private final Updater updater;
    private long step;
    private int completedEpochs;
    private final List<EpochResult> history = new ArrayList<>();
    private EarlyStopping.Tracker stopper;
    /** The loss of the last step taken (set by trainBatch, so that it returns without boxing). */
    private double lastLoss;
    /** The workspace of {@link #step}, for its last batch size. */
    private Workspace stepWorkspace;

    /**
     * Where a run stands after an epoch: enough, with the network's parameters and the updater's state, to
     * resume it exactly (shuffles derive from the seed and the epoch, dropout masks from the seed and the step).
     *
     * @param completedEpochs epochs finished
     * @param steps           optimizer steps taken
     * @param history         the finished epochs' figures
     * @param earlyStopping   the early-stopping state, or null without early stopping
     */
    public record Progress(int completedEpochs, long steps, List<EpochResult> history, EarlyStopping.State earlyStopping) {
        public Progress {
            history = List.copyOf(history);
        }
    }

    public Trainer(Network net, TrainingOptions options) {
        this.net = Objects.requireNonNull(net, "net");
        this.options = Objects.requireNonNull(options, "options");
        for (Step s : net.steps()) {
            if (s.isActivation() && !s.activation().differentiable()) {
                throw new ConfigException("layers[" + s.layerIndex() + "].activation", "the activation \""
                        + s.activation().name() + "\" has no useful derivative, so gradient descent cannot train "
                        + "through it; use it for inference only, or pick a differentiable activation such as sigmoid");
            }
        }
        // The update may split its loop over the matrix-multiply threads, which are still awake after backward.
        this.updater = options.optimizer().newUpdater(net.parameterCount(), net.precision(),
                WorkerParallelism.INSTANCE);
    }

    public Network network() {
        return net;
    }

    public TrainingOptions options() {
        return options;
    }

    /** The optimizer state (for checkpoints). */
    public Updater updater() {
        return updater;
    }

    /** Optimizer steps taken so far. */
    public long stepCount() {
        return step;
    }

    /** The run's progress after the last finished epoch (for checkpoints). */
    public Progress progress() {
        return new Progress(completedEpochs, step, history, stopper == null ? null : stopper.state());
    }

    /**
     * Continues a run from {@code from}, with the network's parameters and {@link #updater()}'s state already
     * restored to what they were then: the remaining epochs run exactly as they would have without the break.
     */
    public TrainingResult resume(Mat x, Mat y, Progress from) {
        if (from.completedEpochs() < 0 || from.completedEpochs() > options.epochs() || from.steps() < 0) {
            throw new ConfigException("checkpoint", "cannot resume after epoch " + from.completedEpochs() + " (step "
                    + from.steps() + ") of a run of " + options.epochs() + " epochs");
        }
        step = from.steps();
        completedEpochs = from.completedEpochs();
        history.clear();
        history.addAll(from.history());
        stopper = options.earlyStopping() == null ? null : options.earlyStopping().start(net);
        if (stopper != null && from.earlyStopping() != null) {
            stopper.restore(from.earlyStopping());
        }
        return run(x, y);
    }

    /**
     * Trains on {@code x} (one sample per row) against {@code y} (one target row per sample).
     *
     * @throws org.nnj.api.ShapeException if the shapes do not fit the network
     * @throws TrainingException if the loss or a gradient stops being finite
     */
    public TrainingResult fit(Mat x, Mat y) {
        step = 0;
        completedEpochs = 0;
        history.clear();
        stopper = options.earlyStopping() == null ? null : options.earlyStopping().start(net);
        return run(x, y);
    }

    private TrainingResult run(Mat x, Mat y) {
        Mat xs = net.checkInput("fit", x);
        net.checkTarget("fit", x, y);
        Mat ys = y.precision() == net.precision() ? y : net.convert(y);
        Mat vx = options.validationX();
        Mat vy = options.validationY();
        if (vx != null) {
            net.checkInput("fit (validation)", vx);
            net.checkTarget("fit (validation)", vx, vy);
        }
        int[] trainRows = null;
        int[] validationRows = null;
        if (vx == null && options.validationSplit() > 0) {
            int[][] parts = ValidationSplit.split(ys, options.validationSplit(), SplitMix.derive(options.seed(), 4));
            trainRows = parts[0];
            validationRows = parts[1];
        }
        int n = trainRows != null ? trainRows.length : xs.rows();
        if (n == 0) {
            throw new ConfigException("training", "no training samples");
        }
        final int[] rowsToTrain = trainRows;
        int batch = Math.min(options.batchSize(), n);
        long batches = (n + batch - 1) / batch;
        Batches full = new Batches(net, batch, xs.cols(), ys.cols());
        Batches tail = n % batch == 0 ? full : new Batches(net, n % batch, xs.cols(), ys.cols());
        int[] order = new int[n];
        Optimizer optimizer = options.optimizer();
        List<TrainingListener> listeners = options.listeners();
        boolean detail = listeners.stream().anyMatch(TrainingListener::wantsStepDetail);
        listeners.forEach(l -> l.onTrainingStart(net, options.epochs(), batches, n));
        boolean stoppedEarly = false;
        double lr = optimizer.learningRate();
        for (int epoch = completedEpochs; epoch < options.epochs(); epoch++) {
            shuffle(order, rowsToTrain, epoch);
            long started = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            boolean classes = true;
            for (long b = 0; b < batches; b++) {
                int first = (int) (b * batch);
                int rows = Math.min(batch, n - first);
                Batches buf = rows == batch ? full : tail;
                buf.gather(xs, ys, order, first);
                lr = trainBatch(buf.ws, buf.x, buf.y, epoch, b, batches, lr, listeners, detail);
                double loss = lastLoss;
                lossSum += loss * rows;
                if (classes) {
                    int c = countCorrect(buf.ws.output(), buf.y);
                    classes = c >= 0;
                    correct += Math.max(c, 0);
                }
                for (int i = 0, nl = listeners.size(); i < nl; i++) {
                    listeners.get(i).onBatchEnd(epoch + 1, b + 1, batches, loss);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double vLoss = Double.NaN;
            double vAcc = Double.NaN;
            if (vx != null || validationRows != null) {
                Evaluation ev = vx != null ? net.evaluate(vx, vy) : net.evaluateRows(xs, ys, validationRows);
                vLoss = ev.loss();
                vAcc = ev.accuracy();
            }
            EpochResult r = new EpochResult(epoch + 1, lossSum / n, classes ? (double) correct / n : Double.NaN,
                    vLoss, vAcc, lr, seconds, n / seconds);
            history.add(r);
            completedEpochs = epoch + 1;
            boolean stop = stopper != null && stopper.shouldStop(r);
            LOG.info("epoch {}/{}: loss {}{}{} ({} samples/s)", r.epoch(), options.epochs(), fmt(r.trainLoss()),
                    Double.isNaN(r.trainAccuracy()) ? "" : ", accuracy " + fmt(r.trainAccuracy()),
                    Double.isNaN(vLoss) ? "" : ", validation loss " + fmt(vLoss)
                            + (Double.isNaN(vAcc) ? "" : ", validation accuracy " + fmt(vAcc)),
                    Math.round(r.samplesPerSecond()));
            for (TrainingListener l : listeners) {
                l.onEpochEnd(r);
            }
            if (stop) {
                stoppedEarly = epoch + 1 < options.epochs();
                break;
            }
        }
        if (history.isEmpty()) {
            throw new ConfigException("checkpoint", "the run had already finished all " + options.epochs() + " epochs");
        }
        int lastEpoch = history.get(history.size() - 1).epoch();
        int bestEpoch = stopper != null ? stopper.finish(lastEpoch) : lastEpoch;
        TrainingResult result = new TrainingResult(history, stoppedEarly, bestEpoch);
        listeners.forEach(l -> l.onTrainingEnd(result));
        return result;
    }

    /**
     * One optimizer step on the mini-batch {@code x}/{@code y} (already in the network's precision and shape):
     * forward, loss, back-propagation, the finiteness check, clipping, the scheduled learning rate, the update.
     * Leaves the loss (penalties included) in {@link #lastLoss}; returns the learning rate used.
     */
    private double trainBatch(Workspace ws, Mat x, Mat y, int epoch, long b, long batches, double lr,
                              List<TrainingListener> listeners, boolean detail) {
        net.reseedTrainingRandoms(step);
        net.forward(ws, x, true);
        double loss = net.loss().loss(ws.output(), y);
        if (!Double.isFinite(loss)) {
            throw new TrainingException("the loss became " + loss + " in epoch " + (epoch + 1) + ", batch "
                    + (b + 1) + " (step " + step + "); the parameters hold the last finite step's values. "
                    + "Lower the learning rate or check the data for extreme values");
        }
        net.backward(ws, y);
        loss += net.applyPenalties();
        checkGradients(epoch, b);
        if (options.clipValue() > 0) {
            clipByValue(net.gradients(), options.clipValue());
        }
        if (options.clipNorm() > 0) {
            clipByNorm(net.gradients(), options.clipNorm());
        }
        Schedule schedule = options.schedule();
        if (schedule != null) {
            lr = schedule.learningRate(options.optimizer().learningRate(),
                    new TrainingProgress(epoch, step, batches, options.epochs()));
        }
        if (detail) {
            notifyDetail(listeners, ws, y, StepDetail.Phase.AFTER_BACKWARD, epoch, lr, loss);
        }
        updater.update(net.parameters(), net.gradients(), lr);
        if (detail) {
            notifyDetail(listeners, ws, y, StepDetail.Phase.AFTER_UPDATE, epoch, lr, loss);
        }
        step++;
        lastLoss = loss;
        return lr;
    }

    /**
     * Takes one optimizer step on the mini-batch {@code x} (one sample per row) against {@code y}, exactly as
     * {@link #fit} takes each step of an epoch (forward, loss, backward, penalties, finiteness check, clipping,
     * update), without shuffling, epochs or listeners; returns the batch's loss. With a schedule, the learning
     * rate is the schedule's at the current step count in epoch {@code completedEpochs} of epochs of
     * {@code stepsPerEpoch} steps. Steady-state calls with batches of one size allocate nothing when {@code x}
     * and {@code y} are already in the network's precision. For benchmarks and custom loops.
     *
     * @throws org.nnj.api.ShapeException if the shapes do not fit the network
     * @throws TrainingException if the loss or a gradient stops being finite
     */
    public double step(Mat x, Mat y) {
        return step(x, y, 1);
    }

    /** {@link #step(Mat, Mat)} with a schedule's epoch length given. */
    public double step(Mat x, Mat y, long stepsPerEpoch) {
        Mat xs = net.checkInput("step", x);
        net.checkTarget("step", x, y);
        Mat ys = y.precision() == net.precision() ? y : net.convert(y);
        if (stepWorkspace == null || stepWorkspace.rows != xs.rows()) {
            stepWorkspace = net.newTrainingWorkspace(xs.rows());
        }
        trainBatch(stepWorkspace, xs, ys, completedEpochs, step, Math.max(1, stepsPerEpoch),
                options.optimizer().learningRate(), List.of(), false);
        return lastLoss;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }

    /**
     * Fills {@code order} with the rows to train on (all, or {@code rows}) in the order of epoch {@code epoch}:
     * a Fisher-Yates shuffle seeded by the seed and the epoch alone, so a resumed run repeats it.
     */
    private void shuffle(int[] order, int[] rows, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = rows == null ? i : rows[i];
        }
        if (!options.shuffle()) {
            return;
        }
        SplitMix rnd = new SplitMix(SplitMix.derive(options.seed(), 2, epoch));
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private void notifyDetail(List<TrainingListener> listeners, Workspace ws, Mat y, StepDetail.Phase phase, int epoch,
                              double lr, double loss) {
        StepDetail d = new StepDetail(net, ws, y, phase, epoch + 1, step, lr, loss);
        for (TrainingListener l : listeners) {
            if (l.wantsStepDetail()) {
                l.onStepDetail(d);
            }
        }
    }

    /** Fails naming the layer when a gradient is NaN or infinite. */
    private void checkGradients(int epoch, long batch) {
        if (allFinite(net.gradients())) {
            return;
        }
        for (Step s : net.steps()) {
            if (s.paramCount() == 0) {
                continue;
            }
            Mat part = net.gradients().reshape(net.parameterCount(), 1).rows(s.paramOffset(), s.paramCount());
            if (!allFinite(part)) {
                boolean nan = false;
                for (int i = 0; i < part.size(); i++) {
                    nan |= Double.isNaN(part.getFlat(i));
                }
                throw new TrainingException("a gradient of " + s.where() + " became " + (nan ? "NaN" : "infinite")
                        + " in epoch " + (epoch + 1) + ", batch " + (batch + 1) + " (step " + step
                        + "); the parameters hold the last finite step's values. Lower the learning rate, clip "
                        + "gradients, or check the data");
            }
        }
        throw new TrainingException("a gradient stopped being finite in epoch " + (epoch + 1) + ", batch " + (batch + 1));
    }

    /** Whether every element is finite (vectorized; reads the gradients once). */
    private static boolean allFinite(Mat m) {
        if (m instanceof F32Mat f) {
            return Finite.all(f.data(), f.offset(), f.size());
        }
        F64Mat f = (F64Mat) m;
        return Finite.all(f.data(), f.offset(), f.size());
    }

    private static void clipByValue(Mat g, double limit) {
        for (int i = 0, n = g.size(); i < n; i++) {
            double v = g.getFlat(i);
            if (v > limit) {
                g.setFlat(i, limit);
            } else if (v < -limit) {
                g.setFlat(i, -limit);
            }
        }
    }

    private static void clipByNorm(Mat g, double maxNorm) {
        double sq = 0;
        for (int i = 0, n = g.size(); i < n; i++) {
            double v = g.getFlat(i);
            sq += v * v;
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (int i = 0, n = g.size(); i < n; i++) {
                g.setFlat(i, g.getFlat(i) * scale);
            }
        }
    }

    /** Correct predictions in a batch, or -1 if the targets are not class labels. */
    private static int countCorrect(Mat out, Mat y) {
        int correct = 0;
        for (int r = 0; r < out.rows(); r++) {
            int actual = Metrics.targetClass(y, r);
            if (actual < 0) {
                return -1;
            }
            if (Metrics.predictedClass(out, r) == actual) {
                correct++;
            }
        }
        return correct;
    }

    /** Batch input/target buffers and the workspace for one batch size. */
    private static final class Batches implements Parallelism.Range {
        /**
         * Gathers of at least this many elements are split over the matrix-multiply threads: the rows come from
         * all over a data set far larger than the caches (Fashion-MNIST: 188 MB), and one thread copying 128
         * rows of 784 float32 took 81-95 us, about 5% of a step, while the other core waited; in four ranges
         * over both cores, 51-74 us. Only copies: the batch is the same whoever copies which row.
         */
        private static final int MIN_PARALLEL = 16_384;
        final Workspace ws;
        final Mat x;
        final Mat y;
        private Mat xs;
        private Mat ys;
        private int[] order;
        private int first;

        Batches(Network net, int rows, int xCols, int yCols) {
            ws = net.newTrainingWorkspace(rows);
            x = Mat.zeros(net.precision(), rows, xCols);
            y = Mat.zeros(net.precision(), rows, yCols);
        }

        void gather(Mat xs, Mat ys, int[] order, int first) {
            int rows = x.rows();
            if (Gemm.maxThreads() < 2 || (long) rows * (x.cols() + y.cols()) < MIN_PARALLEL) {
                gatherRows(xs, x, order, first, 0, rows);
                gatherRows(ys, y, order, first, 0, rows);
                return;
            }
            this.xs = xs;
            this.ys = ys;
            this.order = order;
            this.first = first;
            try {
                WorkerParallelism.INSTANCE.forRanges(rows, (rows + 3) / 4, this);
            } finally {
                this.xs = null;
                this.ys = null;
                this.order = null;
            }
        }

        /** Rows {@code [from, to)} of the batch. */
        @Override
        public void run(int from, int to) {
            gatherRows(xs, x, order, first, from, to);
            gatherRows(ys, y, order, first, from, to);
        }

        private static void gatherRows(Mat src, Mat dst, int[] order, int first, int from, int to) {
            int cols = dst.cols();
            if (src instanceof F32Mat s && dst instanceof F32Mat d) {
                for (int r = from; r < to; r++) {
                    System.arraycopy(s.data(), s.offset() + order[first + r] * cols, d.data(), d.offset() + r * cols, cols);
                }
            } else if (src instanceof F64Mat s && dst instanceof F64Mat d) {
                for (int r = from; r < to; r++) {
                    System.arraycopy(s.data(), s.offset() + order[first + r] * cols, d.data(), d.offset() + r * cols, cols);
                }
            } else {
                throw new IllegalStateException("precision mismatch: " + src.precision() + " vs " + dst.precision());
            }
        }
    }
}
