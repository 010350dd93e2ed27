package org.nnj.core;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.registry.PluginRegistry;

/**
 * How to train, by plugin name and parameters, as the {@code "optimizer"} and {@code "training"} sections of a
 * spec file say. {@link #options} turns it into {@link TrainingOptions} with the installed plugins.
 *
 * @param optimizer       the optimizer plugin
 * @param epochs          epochs to run (>= 1)
 * @param batchSize       mini-batch size (>= 1)
 * @param shuffle         whether to shuffle each epoch
 * @param seed            seed of the shuffles; null means the network's seed
 * @param schedule        learning-rate schedule plugin, or null for a constant rate
 * @param clipValue       clamp each gradient element to [-clipValue, clipValue] when > 0
 * @param clipNorm        rescale the gradient to at most this L2 norm when > 0
 * @param earlyStopping   early stopping, or null
 * @param validationSplit fraction of the training data held out for validation when no validation set is given
 *                        (0 for none; stratified for classification)
 * @param checkpointEvery write a checkpoint every this many epochs (0: never)
 */
@API(status = API.Status.STABLE)
public record TrainingSpec(PluginRef optimizer, int epochs, int batchSize, boolean shuffle, Long seed, PluginRef schedule,
                           double clipValue, double clipNorm, EarlyStopping earlyStopping, double validationSplit,
                           int checkpointEvery) {

    public TrainingSpec {
        Objects.requireNonNull(optimizer, "optimizer");
        if (epochs < 1) {
            throw new ConfigException("training.epochs", "expected at least 1 epoch, got " + epochs);
        }
        if (batchSize < 1) {
            throw new ConfigException("training.batch_size", "expected a batch size of at least 1, got " + batchSize);
        }
        if (!(clipValue >= 0) || Double.isInfinite(clipValue)) {
            throw new ConfigException("training.clip_value", "expected a finite value >= 0, got " + clipValue);
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new ConfigException("training.clip_norm", "expected a finite value >= 0, got " + clipNorm);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new ConfigException("training.validation_split", "expected a fraction in [0, 1), got " + validationSplit);
        }
        if (checkpointEvery < 0) {
            throw new ConfigException("training.checkpoint_every", "expected 0 (never) or a positive number of epochs, got "
                    + checkpointEvery);
        }
    }

    /** Plain SGD, 10 epochs of 32, shuffled, nothing else. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(PluginRef.of("sgd"), 10, 32, true, null, null, 0, 0, null, 0, 0);
    }

    public TrainingSpec withEpochs(int e) {
        return new TrainingSpec(optimizer, e, batchSize, shuffle, seed, schedule, clipValue, clipNorm, earlyStopping,
                validationSplit, checkpointEvery);
    }

    public TrainingSpec withBatchSize(int b) {
        return new TrainingSpec(optimizer, epochs, b, shuffle, seed, schedule, clipValue, clipNorm, earlyStopping,
                validationSplit, checkpointEvery);
    }

    /** The shuffle seed for a network seeded with {@code networkSeed}. */
    public long shuffleSeed(long networkSeed) {
        return seed != null ? seed : networkSeed;
    }

    /**
     * Training options for {@code network} with the installed plugins (validation data, if any, is set on the
     * returned builder by the caller).
     *
     * @throws ConfigException naming {@code optimizer} or {@code training.schedule} when a plugin is unknown or
     *                         a parameter is invalid
     */
    public TrainingOptions.Builder options(Network network, PluginRegistry registry) {
        TrainingOptions.Builder b = TrainingOptions.builder(registry.create(PluginKind.OPTIMIZER, optimizer, "optimizer"))
                .epochs(epochs).batchSize(batchSize).shuffle(shuffle).seed(shuffleSeed(network.spec().seed()))
                .clipValue(clipValue).clipNorm(clipNorm).earlyStopping(earlyStopping).validationSplit(validationSplit);
        if (schedule != null) {
            b.schedule(registry.create(PluginKind.SCHEDULE, schedule, "training.schedule"));
        }
        return b;
    }

    /** Convenience for tests and examples. */
    public TrainingOptions options(Network network, PluginRegistry registry, Mat validationX, Mat validationY) {
        TrainingOptions.Builder b = options(network, registry);
        if (validationX != null) {
            b.validation(validationX, validationY);
        }
        return b.build();
    }
}
