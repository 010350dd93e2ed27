package org.nnj.io;

import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.core.EpochResult;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a {@link Checkpoint} every N epochs into one file, atomically, so the file always holds the last complete
 * checkpoint: a run killed at any moment (even while saving) can resume from it.
 *
 * <p>Order of use (the listener goes into the options, and the trainer is made from the options):
 * <pre>{@code
 * CheckpointListener ckpt = CheckpointListener.of(file, spec, metadata);  // every training.checkpoint_every epochs
 * TrainingOptions options = spec.training().options(net, registry).listener(ckpt).build();
 * Trainer trainer = new Trainer(net, options);
 * ckpt.attach(trainer);                                                 // before fit or resume
 * trainer.fit(x, y);
 * }</pre>
 * Not thread-safe; one listener per trainer.
 */
@API(status = API.Status.STABLE)
public final class CheckpointListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointListener.class);

    private final Path file;
    private final ModelSpec spec;
    private final ModelMetadata metadata;
    private final int every;
    private Trainer trainer;
    private volatile int lastSaved; // read by a shutdown hook on Ctrl-C

    /**
     * @param every save after every epoch whose number is a multiple of this (>= 1)
     */
    public CheckpointListener(Path file, ModelSpec spec, ModelMetadata metadata, int every) {
        this.file = Objects.requireNonNull(file, "file");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        if (every < 1) {
            throw new IllegalArgumentException("every: expected a positive number of epochs, got " + every);
        }
        this.every = every;
    }

    /** A listener saving every {@code spec.training().checkpointEvery()} epochs (which must be positive). */
    public static CheckpointListener of(Path file, ModelSpec spec, ModelMetadata metadata) {
        int every = spec.training().checkpointEvery();
        if (every < 1) {
            throw new IllegalArgumentException("the spec's training.checkpoint_every is " + every
                    + "; set it to a positive number of epochs to write checkpoints");
        }
        return new CheckpointListener(file, spec, metadata, every);
    }

    /** Gives the listener the trainer whose state it saves; call before {@code fit} or {@code resume}. */
    public CheckpointListener attach(Trainer t) {
        this.trainer = Objects.requireNonNull(t, "trainer");
        return this;
    }

    /** The epoch of the last checkpoint this listener wrote, or 0. */
    public int lastSavedEpoch() {
        return lastSaved;
    }

    /** Saves after every epoch whose number is a multiple of this. */
    public int every() {
        return every;
    }

    public Path file() {
        return file;
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        if (result.epoch() % every != 0) {
            return;
        }
        if (trainer == null) {
            throw new IllegalStateException("CheckpointListener: attach(trainer) must be called before training "
                    + "starts; no checkpoint could be written after epoch " + result.epoch());
        }
        Checkpoint.save(file, trainer, spec, metadata);
        lastSaved = result.epoch();
        LOG.info("checkpoint after epoch {} saved to {}", result.epoch(), file);
    }
}
