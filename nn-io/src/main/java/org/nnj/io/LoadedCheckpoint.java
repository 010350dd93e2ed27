package org.nnj.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingOptions;
import org.nnj.core.registry.PluginRegistry;

/**
 * A checkpoint read back by {@link Checkpoint#load}: the network with the parameters it had, the spec and
 * metadata, the run's progress, and the optimizer's state tensors (named as the optimizer's updater names them).
 *
 * <p>Resume with {@link #restoreTrainer} and then {@code trainer.resume(x, y, progress())}: the remaining epochs
 * run exactly as they would have without the break (same data, same seeds). Resume once per load: the trainer
 * trains {@link #network()} itself.
 */
@API(status = API.Status.STABLE)
public record LoadedCheckpoint(Network network, ModelSpec spec, ModelMetadata metadata, Trainer.Progress progress,
                               List<NamedTensor> optimizerState) {

    public LoadedCheckpoint {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(progress, "progress");
        optimizerState = List.copyOf(optimizerState);
    }

    /** Training options from the checkpoint's spec, for the caller to add validation data and listeners to. */
    public TrainingOptions.Builder trainingOptions(PluginRegistry registry) {
        return spec.training().options(network, registry);
    }

    /**
     * A trainer for {@link #network()} with {@code options}, its optimizer state set to the saved one (copied into
     * the live views of {@code trainer.updater().state()}).
     *
     * @param options the run's options; its optimizer must keep the same state tensors as the saved one (use the
     *                checkpoint spec's optimizer, e.g. via {@link #trainingOptions})
     * @throws IllegalArgumentException if the optimizer's state tensors differ from the saved ones
     */
    public Trainer restoreTrainer(TrainingOptions options) {
        Trainer trainer = new Trainer(network, options);
        List<NamedTensor> live = trainer.updater().state();
        if (!describe(live).equals(describe(optimizerState))) {
            throw new IllegalArgumentException("the checkpoint holds optimizer state " + describe(optimizerState)
                    + " but the optimizer \"" + options.optimizer().name() + "\" keeps " + describe(live)
                    + "; resume with the optimizer of the checkpoint's spec (" + spec.training().optimizer() + ")");
        }
        for (int i = 0; i < live.size(); i++) {
            live.get(i).value().copyFrom(optimizerState.get(i).value());
        }
        return trainer;
    }

    private static List<String> describe(List<NamedTensor> tensors) {
        List<String> out = new ArrayList<>();
        for (NamedTensor t : tensors) {
            Mat m = t.value();
            out.add(t.name() + " " + m.precision().id() + " " + m.rows() + " x " + m.cols());
        }
        return out;
    }
}
