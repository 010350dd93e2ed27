package org.nnj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Schedule;

/**
 * How to train: optimizer, epochs, mini-batch size, shuffling seed, validation data, schedule, clipping, early
 * stopping, listeners. Build with {@link #builder(Optimizer)}; immutable.
 */
@API(status = API.Status.STABLE)
public final class TrainingOptions {
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Mat validationX;
    private final Mat validationY;
    private final Schedule schedule;
    private final double clipValue;
    private final double clipNorm;
    private final double validationSplit;
    private final EarlyStopping earlyStopping;
    private final List<TrainingListener> listeners;

    private TrainingOptions(Builder b) {
        optimizer = b.optimizer;
        epochs = b.epochs;
        batchSize = b.batchSize;
        shuffle = b.shuffle;
        seed = b.seed;
        validationX = b.validationX;
        validationY = b.validationY;
        schedule = b.schedule;
        clipValue = b.clipValue;
        clipNorm = b.clipNorm;
        validationSplit = b.validationSplit;
        earlyStopping = b.earlyStopping;
        listeners = List.copyOf(b.listeners);
    }

    public static Builder builder(Optimizer optimizer) {
        return new Builder(optimizer);
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    /** Seed of the per-epoch shuffles. */
    public long seed() {
        return seed;
    }

    public Mat validationX() {
        return validationX;
    }

    public Mat validationY() {
        return validationY;
    }

    /** The learning-rate schedule, or null for the optimizer's constant rate. */
    public Schedule schedule() {
        return schedule;
    }

    /** Gradients are clamped to [-clipValue, clipValue] when positive. */
    public double clipValue() {
        return clipValue;
    }

    /** The whole gradient vector is rescaled to at most this L2 norm when positive. */
    public double clipNorm() {
        return clipNorm;
    }

    /**
     * The fraction of the training rows held out for validation when no validation set is given (stratified by
     * class for one-hot or 0/1 targets, seeded by the shuffle seed); 0 for none.
     */
    public double validationSplit() {
        return validationSplit;
    }

    public EarlyStopping earlyStopping() {
        return earlyStopping;
    }

    public List<TrainingListener> listeners() {
        return listeners;
    }

    /** Builder; every setter checks its argument. */
    public static final class Builder {
        private final Optimizer optimizer;
        private int epochs = 10;
        private int batchSize = 32;
        private boolean shuffle = true;
        private long seed;
        private Mat validationX;
        private Mat validationY;
        private Schedule schedule;
        private double clipValue;
        private double clipNorm;
        private double validationSplit;
        private EarlyStopping earlyStopping;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        }

        public Builder epochs(int epochs) {
            if (epochs <= 0) {
                throw new ConfigException("training.epochs", "expected a positive number of epochs, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new ConfigException("training.batch_size", "expected a positive batch size, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder validation(Mat x, Mat y) {
            this.validationX = Objects.requireNonNull(x, "validation x");
            this.validationY = Objects.requireNonNull(y, "validation y");
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder clipValue(double clipValue) {
            if (!(clipValue >= 0) || Double.isInfinite(clipValue)) {
                throw new ConfigException("training.clip_value", "expected a finite value >= 0, got " + clipValue);
            }
            this.clipValue = clipValue;
            return this;
        }

        public Builder clipNorm(double clipNorm) {
            if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
                throw new ConfigException("training.clip_norm", "expected a finite value >= 0, got " + clipNorm);
            }
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder validationSplit(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new ConfigException("training.validation_split", "expected a fraction in [0, 1), got " + fraction);
            }
            this.validationSplit = fraction;
            return this;
        }

        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public TrainingOptions build() {
            return new TrainingOptions(this);
        }
    }
}
