package org.nnj.core;

import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;

/**
 * Stops training when a monitored figure has not improved by at least {@code minDelta} for {@code patience}
 * epochs, optionally restoring the weights of the best epoch.
 *
 * @param monitor     {@code val_loss}, {@code val_accuracy}, {@code loss} or {@code accuracy}
 * @param patience    epochs without improvement before stopping (>= 1)
 * @param minDelta    the smallest change that counts as an improvement (>= 0)
 * @param restoreBest whether to put back the best epoch's weights when training ends
 */
@API(status = API.Status.STABLE)
public record EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
    public EarlyStopping {
        if (!java.util.List.of("val_loss", "val_accuracy", "loss", "accuracy").contains(monitor)) {
            throw new ConfigException("training.early_stopping.monitor", "unknown value \"" + monitor
                    + "\"; expected one of val_loss, val_accuracy, loss, accuracy");
        }
        if (patience < 1) {
            throw new ConfigException("training.early_stopping.patience", "expected at least 1, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new ConfigException("training.early_stopping.min_delta", "expected a finite value >= 0, got " + minDelta);
        }
    }

    Tracker start(Network net) {
        return new Tracker(this, net);
    }

    /**
     * The state of early stopping in a run, for checkpoints.
     *
     * @param best        the best monitored value so far (NaN before the first epoch)
     * @param bestEpoch   the epoch it was reached in (0 before the first epoch)
     * @param waited      epochs since then without improvement
     * @param bestWeights the parameters of the best epoch followed by its buffers ({@link Network#buffers()}), as
     *                    one 1 x n vector, when restoring is on; else null
     */
    public record State(double best, int bestEpoch, int waited, Mat bestWeights) {
    }

    /** The state of one run. */
    static final class Tracker {
        private final EarlyStopping cfg;
        private final Network net;
        private final boolean maximize;
        private double best = Double.NaN;
        private int bestEpoch;
        private int waited;
        private Mat bestWeights;

        Tracker(EarlyStopping cfg, Network net) {
            this.cfg = cfg;
            this.net = net;
            this.maximize = cfg.monitor().endsWith("accuracy");
        }

        boolean shouldStop(EpochResult r) {
            double v = switch (cfg.monitor()) {
                case "val_loss" -> r.validationLoss();
                case "val_accuracy" -> r.validationAccuracy();
                case "loss" -> r.trainLoss();
                default -> r.trainAccuracy();
            };
            if (Double.isNaN(v)) {
                throw new ConfigException("training.early_stopping.monitor", "\"" + cfg.monitor()
                        + "\" is not available in this run (no validation data, or not a classification)");
            }
            boolean improved = Double.isNaN(best) || (maximize ? v > best + cfg.minDelta() : v < best - cfg.minDelta());
            if (improved) {
                best = v;
                bestEpoch = r.epoch();
                waited = 0;
                if (cfg.restoreBest()) {
                    if (bestWeights == null) {
                        bestWeights = Mat.zeros(net.precision(), 1, snapshotSize());
                    }
                    int p = net.parameterCount();
                    bestWeights.reshape(snapshotSize(), 1).rows(0, p).reshape(1, p).copyFrom(net.parameters());
                    int b = net.buffers().cols();
                    if (b > 0) {
                        bestWeights.reshape(snapshotSize(), 1).rows(p, b).reshape(1, b).copyFrom(net.buffers());
                    }
                }
                return false;
            }
            return ++waited >= cfg.patience();
        }

        /** The parameters followed by the buffers (batch norm's running statistics belong to the weights they go with). */
        private int snapshotSize() {
            return net.parameterCount() + net.buffers().cols();
        }

        State state() {
            return new State(best, bestEpoch, waited, bestWeights);
        }

        void restore(State s) {
            best = s.best();
            bestEpoch = s.bestEpoch();
            waited = s.waited();
            if (s.bestWeights() != null) {
                bestWeights = Mat.zeros(net.precision(), 1, snapshotSize());
                bestWeights.copyFrom(s.bestWeights());
            }
        }

        /** Restores the best weights if asked; returns the epoch whose weights the network now holds. */
        int finish(int lastEpoch) {
            if (cfg.restoreBest() && bestWeights != null && bestEpoch != lastEpoch) {
                int p = net.parameterCount();
                net.parameters().copyFrom(bestWeights.reshape(snapshotSize(), 1).rows(0, p).reshape(1, p));
                int b = net.buffers().cols();
                if (b > 0) {
                    net.buffers().copyFrom(bestWeights.reshape(snapshotSize(), 1).rows(p, b).reshape(1, b));
                }
                return bestEpoch;
            }
            return lastEpoch;
        }
    }
}
