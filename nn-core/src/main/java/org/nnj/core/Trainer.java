package org.nnj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.ShapeException;
import org.nnj.api.TrainingException;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;
import org.nnj.api.spi.Updater;
import org.nnj.core.internal.threads.WorkerParallelism;
import org.nnj.data.BatchIterator;
import org.nnj.data.SplitMix;
import org.nnj.data.Splits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Network} by mini-batch gradient descent. Per epoch, nn-data's {@link BatchIterator} gives the
 * mini-batches in a seeded order; each optimizer step is two public halves:
 * <ol>
 *   <li>{@link #computeGradient}: forward, loss, back-propagation: the batch's mean gradient in
 *       {@link Network#gradients()};</li>
 *   <li>{@link #applyGradient}: the {@link GradientPipeline} (penalties, finiteness check, clipping), the
 *       scheduled learning rate, the optimizer's update, the step count.</li>
 * </ol>
 * {@link #step} is the two in a row, and so is every step of {@link #fit}; a data-parallel trainer computes the
 * gradients of the parts of a batch on several replicas, sums them, and applies the sum on every replica.
 * Loss per epoch goes to listeners and to SLF4J.
 *
 * <p>The loop allocates nothing per mini-batch: batch buffers and passes exist once per batch size.
 * Not thread-safe; one trainer per network at a time.
 */
@API(status = API.Status.STABLE)
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Network net;
    private final TrainingOptions options;
    private final Updater updater;
    private final GradientPipeline pipeline;
    private long step;
    private int completedEpochs;
    private final List<EpochResult> history = new ArrayList<>();
    private EarlyStopping.Tracker stopper;
    /**
     * The seed of {@link #fit}'s epoch order: epoch {@code e} visits the training rows in the order of
     * {@code BatchIterator.permutation(n, epochOrderSeed(options.seed()), e)} (when shuffling). A data-parallel
     * trainer that cuts the same global batches from this order equals {@link #fit}.
     */
    public static long epochOrderSeed(long seed) {
        return SplitMix.derive(seed, 2);
    }

    /** The loss of the last step taken (set by trainBatch, so that it returns without boxing). */
    private double lastLoss;
    /** The learning rate of the last step taken. */
    private double lastRate;
    /** The pass of {@link #computeGradient}, for its last batch size. */
    private Pass stepPass;

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
        for (Stage s : net.stages()) {
            if (s.isActivation() && !s.activation().differentiable()) {
                throw new ConfigException("layers[" + s.layerIndex() + "].activation", "the activation \""
                        + s.activation().name() + "\" has no useful derivative, so gradient descent cannot train "
                        + "through it; use it for inference only, or pick a differentiable activation such as sigmoid");
            }
        }
        // The update may split its loop over the matrix-multiply threads, which are still awake after backward.
        this.updater = options.optimizer().newUpdater(net.parameterCount(), net.precision(),
                WorkerParallelism.INSTANCE);
        this.pipeline = new GradientPipeline(net, options);
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

    /**
     * Sets the step count, for a loop of {@link #computeGradient}/{@link #applyGradient} resumed from a checkpoint
     * or kept in step with other replicas: dropout masks, penalties' schedules and the learning-rate schedule
     * follow it.
     */
    public void restoreStepCount(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps: expected >= 0, got " + steps);
        }
        step = steps;
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
            int[][] parts = validationSplit(ys, options.validationSplit(), SplitMix.derive(options.seed(), 4));
            trainRows = parts[0];
            validationRows = parts[1];
        }
        int n = trainRows != null ? trainRows.length : xs.rows();
        if (n == 0) {
            throw new ConfigException("training", "no training samples");
        }
        int batch = Math.min(options.batchSize(), n);
        BatchIterator batches = new BatchIterator(xs, ys, trainRows, batch, options.shuffle(),
                epochOrderSeed(options.seed()), false, WorkerParallelism.INSTANCE);
        long batchCount = batches.batchCount();
        Pass full = net.newTrainingPass(batch);
        Pass tail = n % batch == 0 ? full : net.newTrainingPass(n % batch);
        List<TrainingListener> listeners = options.listeners();
        boolean detail = listeners.stream().anyMatch(TrainingListener::wantsStepDetail);
        listeners.forEach(l -> l.onTrainingStart(net, options.epochs(), batchCount, n));
        boolean stoppedEarly = false;
        double lr = options.optimizer().learningRate();
        for (int epoch = completedEpochs; epoch < options.epochs(); epoch++) {
            batches.startEpoch(epoch);
            long started = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            boolean classes = true;
            while (batches.next()) {
                long b = batches.batchIndex();
                int rows = batches.size();
                Pass pass = rows == batch ? full : tail;
                Mat bx = batches.features();
                Mat by = batches.targets();
                trainBatch(pass, bx, by, epoch, b, batchCount, listeners, detail);
                lr = lastRate;
                double loss = lastLoss;
                lossSum += loss * rows;
                if (classes) {
                    int c = countCorrect(pass.output(), by);
                    classes = c >= 0;
                    correct += Math.max(c, 0);
                }
                for (int i = 0, nl = listeners.size(); i < nl; i++) {
                    listeners.get(i).onBatchEnd(epoch + 1, b + 1, batchCount, loss);
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
     * One optimizer step of {@link #fit} on the mini-batch {@code x}/{@code y} (already in the network's precision
     * and shape): {@link #computeGradient}'s and {@link #applyGradient}'s halves, with the listeners' step detail
     * between and after them. Leaves the loss (penalties included) in {@link #lastLoss} and the learning rate in
     * {@link #lastRate}.
     */
    private void trainBatch(Pass pass, Mat x, Mat y, int epoch, long b, long batches,
                            List<TrainingListener> listeners, boolean detail) {
        double loss = gradientOf(pass, x, y, epoch, b);
        loss += pipeline.process(epoch, b, step);
        double lr = learningRate(epoch, batches);
        if (detail) {
            notifyDetail(listeners, pass, y, StepDetail.Phase.AFTER_BACKWARD, epoch, lr, loss);
        }
        updater.update(net.parameters(), net.gradients(), lr);
        if (detail) {
            notifyDetail(listeners, pass, y, StepDetail.Phase.AFTER_UPDATE, epoch, lr, loss);
        }
        step++;
        lastLoss = loss;
        lastRate = lr;
    }

    /** Forward, loss, backward: the batch's mean gradient in the network's gradients; returns the data loss. */
    private double gradientOf(Pass pass, Mat x, Mat y, int epoch, long b) {
        net.reseedTrainingRandoms(step);
        net.forward(pass, x, true);
        double loss = net.loss().loss(pass.output(), y);
        if (!Double.isFinite(loss)) {
            throw new TrainingException("the loss became " + loss + " in epoch " + (epoch + 1) + ", batch "
                    + (b + 1) + " (step " + step + "); the parameters hold the last finite step's values. "
                    + "Lower the learning rate or check the data for extreme values");
        }
        net.backward(pass, y);
        return loss;
    }

    /** The learning rate of the current step: the schedule's, or the optimizer's own. */
    private double learningRate(int epoch, long stepsPerEpoch) {
        Schedule schedule = options.schedule();
        double base = options.optimizer().learningRate();
        return schedule == null ? base
                : schedule.learningRate(base, new TrainingProgress(epoch, step, stepsPerEpoch, options.epochs()));
    }

    /**
     * The first half of an optimizer step: the gradient of the loss on the mini-batch {@code x} (one sample per
     * row) against {@code y}, averaged over its rows, left in {@link Network#gradients()}. Runs the forward pass
     * in training mode (dropout masks drawn for the current {@link #stepCount()}), the loss and the backward
     * pass; changes no parameter and not the step count. Returns the batch's mean loss (without penalties).
     * Steady-state calls with batches of one size allocate nothing when {@code x} and {@code y} are already in
     * the network's precision.
     *
     * <p>In data-parallel training each replica computes this on its part of a global batch; the parts' gradients,
     * weighted by their rows, sum to the global batch's mean gradient, which {@link #applyGradient} then applies
     * on every replica.
     *
     * @throws ShapeException    if the shapes do not fit the network
     * @throws TrainingException if the loss is not finite
     */
    public double computeGradient(Mat x, Mat y) {
        Mat xs = net.checkInput("computeGradient", x);
        net.checkTarget("computeGradient", x, y);
        Mat ys = y.precision() == net.precision() ? y : net.convert(y);
        if (stepPass == null || stepPass.rows != xs.rows()) {
            stepPass = net.newTrainingPass(xs.rows());
        }
        return gradientOf(stepPass, xs, ys, completedEpochs, step);
    }

    /**
     * The second half of an optimizer step: applies {@code gradient} (laid out like {@link Network#parameters()};
     * copied into {@link Network#gradients()} unless it is that matrix) through the {@link GradientPipeline}
     * (penalties, finiteness check, clipping), with the learning rate of the schedule at this step of epoch
     * {@code epoch} (0-based) of {@code stepsPerEpoch} steps, then counts the step. Returns the penalties' cost,
     * to be added to the batch's loss. Replicas that apply the same gradient to the same parameters and optimizer
     * state end with the same bits.
     *
     * @throws ShapeException    if {@code gradient} is not 1 x {@link Network#parameterCount()}
     * @throws TrainingException naming the layer if a gradient is not finite (nothing is changed then)
     */
    public double applyGradient(Mat gradient, int epoch, long stepsPerEpoch) {
        Mat g = net.gradients();
        if (gradient != g) {
            if (gradient.rows() != 1 || gradient.cols() != net.parameterCount()) {
                throw new ShapeException("applyGradient: expected a gradient of 1 x " + net.parameterCount()
                        + " (laid out like the network's parameters), got " + org.nnj.api.Shapes.describe(gradient));
            }
            g.copyFrom(gradient);
        }
        double cost = pipeline.process(epoch, step % Math.max(1, stepsPerEpoch), step);
        double lr = learningRate(epoch, Math.max(1, stepsPerEpoch));
        updater.update(net.parameters(), g, lr);
        step++;
        lastRate = lr;
        return cost;
    }

    /**
     * Takes one optimizer step on the mini-batch {@code x} (one sample per row) against {@code y}:
     * {@link #computeGradient} then {@link #applyGradient}, exactly as {@link #fit} takes each step of an epoch,
     * without shuffling, epochs or listeners; returns the batch's loss (penalties included). With a schedule,
     * the learning rate is the schedule's at the current step count in epoch {@code completedEpochs} of epochs
     * of one step. For benchmarks and custom loops.
     *
     * @throws ShapeException    if the shapes do not fit the network
     * @throws TrainingException if the loss or a gradient stops being finite
     */
    public double step(Mat x, Mat y) {
        return step(x, y, 1);
    }

    /** {@link #step(Mat, Mat)} with a schedule's epoch length given. */
    public double step(Mat x, Mat y, long stepsPerEpoch) {
        double loss = computeGradient(x, y);
        return loss + applyGradient(net.gradients(), completedEpochs, stepsPerEpoch);
    }

    /**
     * {@code {trainRows, validationRows}}: {@link Splits#rows}' stratified holdout when every target row is a
     * class (one-hot, or 0/1 for one output), else a random one.
     */
    private static int[][] validationSplit(Mat targets, double fraction, long seed) {
        int n = targets.rows();
        int[] labels = new int[n];
        int classes = 0;
        for (int r = 0; r < n && labels != null; r++) {
            int c = Metrics.targetClass(targets, r);
            if (c < 0) {
                labels = null;
            } else {
                labels[r] = c;
                classes = Math.max(classes, c + 1);
            }
        }
        if (n < 2) {
            throw new ConfigException("training.validation_split", "a split of " + fraction + " of " + n
                    + " rows leaves " + (n == 0 ? "no rows at all" : "no training rows"));
        }
        int[][] parts = Splits.rows(labels, classes, n, fraction, 0, seed, "the training data");
        if (parts[1].length == 0 || parts[0].length == 0) {
            throw new ConfigException("training.validation_split", "a split of " + fraction + " of " + n
                    + " rows leaves " + (parts[1].length == 0 ? "no validation rows" : "no training rows"));
        }
        return new int[][] {parts[0], parts[1]};
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }

    private void notifyDetail(List<TrainingListener> listeners, Pass ws, Mat y, StepDetail.Phase phase, int epoch,
                              double lr, double loss) {
        StepDetail d = new StepDetail(net, ws, y, phase, epoch + 1, step, lr, loss);
        for (TrainingListener l : listeners) {
            if (l.wantsStepDetail()) {
                l.onStepDetail(d);
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
}
