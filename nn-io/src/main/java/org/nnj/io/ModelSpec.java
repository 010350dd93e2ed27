package org.nnj.io;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.core.NetworkSpec;
import org.nnj.core.TrainingSpec;

/**
 * Everything a spec file says: a name, what the network is ({@link NetworkSpec}), how to train it
 * ({@link TrainingSpec}) and, optionally, how to read its data ({@link DataSpec}).
 *
 * <p>Plugin parameters are kept in a canonical raw form (whole numbers as {@code Long}, other numbers as
 * {@code Double}, nested plugins as a name or a {@code {"name": ...}} map), so that
 * {@code reader.read(SpecWriter.toJson(spec), ...)} equals {@code spec} also for specs assembled in Java with
 * {@code Integer} or {@code Float} values.
 *
 * @param name        a short name (the file name without extension when the file gives none)
 * @param description free text, possibly empty
 * @param network     the network
 * @param training    the training settings, including the optimizer
 * @param data        the data section, or null when the spec has none
 */
@API(status = API.Status.STABLE)
public record ModelSpec(String name, String description, NetworkSpec network, TrainingSpec training, DataSpec data) {

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(training, "training");
        network = new NetworkSpec(network.inputShape(), RawValues.canonical(network.layers(), "layers"),
                RawValues.canonical(network.loss(), "loss"), network.precision(), network.seed());
        training = new TrainingSpec(RawValues.canonical(training.optimizer(), "optimizer"), training.epochs(),
                training.batchSize(), training.shuffle(), training.seed(),
                RawValues.canonical(training.schedule(), "training.schedule"), training.clipValue(),
                training.clipNorm(), training.earlyStopping(), training.validationSplit(), training.checkpointEvery());
    }

    /** A spec for {@code network} named "model", trained with {@link TrainingSpec#defaults()}, without data. */
    public static ModelSpec of(NetworkSpec network) {
        return new ModelSpec("model", "", network, TrainingSpec.defaults(), null);
    }

    public ModelSpec withNetwork(NetworkSpec n) {
        return new ModelSpec(name, description, n, training, data);
    }

    public ModelSpec withTraining(TrainingSpec t) {
        return new ModelSpec(name, description, network, t, data);
    }

    public ModelSpec withData(DataSpec d) {
        return new ModelSpec(name, description, network, training, d);
    }
}
