package org.nnj.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.ModelFormatException;
import org.nnj.api.NamedTensor;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.EarlyStopping;
import org.nnj.core.EpochResult;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.internal.AtomicFile;

/**
 * Training checkpoints: everything needed to continue a run exactly where it stopped, in the same safetensors
 * container as model files ({@code "format": "nnj-checkpoint"}), saved atomically and loaded as untrusted input
 * with the same checks as {@link ModelFile}.
 *
 * <p>Tensors: the network's parameters ({@code layers.0.weight}, ...), the optimizer's state
 * ({@code optimizer.<name>} for each of {@link org.nnj.api.spi.Updater#state()}, e.g. {@code optimizer.exp_avg},
 * {@code optimizer.step}), and with early stopping that restores the best weights,
 * {@code early_stopping.best_weights} ({@code [1, parameters]}). Metadata: as in a model file, plus
 * {@code "progress"}: a JSON object with {@code completed_epochs}, {@code steps}, the {@code history} of finished
 * epochs and the {@code early_stopping} state (numbers written so that they read back bit for bit; NaN and
 * infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}). Random state needs no
 * entry: shuffles derive from (seed, epoch) and dropout masks from (seed, step).
 *
 * <p>To resume: {@code LoadedCheckpoint c = Checkpoint.load(file, registry);
 * Trainer t = c.restoreTrainer(options); t.resume(x, y, c.progress());}
 */
@API(status = API.Status.STABLE)
public final class Checkpoint {
    /** The {@code format} metadata value of checkpoints. */
    public static final String FORMAT = "nnj-checkpoint";
    static final String PROGRESS = "progress";
    static final String OPTIMIZER_PREFIX = "optimizer.";
    static final String BEST_WEIGHTS = "early_stopping.best_weights";

    private Checkpoint() {
    }

    /**
     * Saves the state of {@code trainer} after its last finished epoch, atomically (see {@link ModelFile#save}):
     * a crash while saving leaves the previous checkpoint intact.
     *
     * @param spec the spec the trainer's network was built from
     * @throws IllegalArgumentException if the spec or metadata does not fit the network
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void save(Path file, Trainer trainer, ModelSpec spec, ModelMetadata metadata) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(trainer, "trainer");
        Network net = trainer.network();
        Map<String, String> meta = ModelFile.entries(FORMAT, net, spec, metadata);
        Trainer.Progress progress = trainer.progress();
        meta.put(PROGRESS, Json.compact(progressJson(progress)));
        List<NamedTensor> tensors = new ArrayList<>(net.namedState());
        for (NamedTensor t : trainer.updater().state()) {
            tensors.add(new NamedTensor(OPTIMIZER_PREFIX + t.name(), t.value()));
        }
        EarlyStopping.State es = progress.earlyStopping();
        if (es != null && es.bestWeights() != null) {
            tensors.add(new NamedTensor(BEST_WEIGHTS, es.bestWeights()));
        }
        AtomicFile.write(file, "checkpoint", out -> Safetensors.write(out, meta, tensors));
    }

    /**
     * Deletes the temporary files that a process killed while writing {@code file} (a checkpoint or a model file)
     * left next to it ({@code .name.<hex>.tmp}; the file itself is always either the old or the new complete
     * version). Call it only when no other process writes {@code file}, as {@code nn train --resume} does.
     *
     * @return the files deleted
     */
    public static java.util.List<Path> removeInterruptedWrites(Path file) {
        return AtomicFile.removeLeftovers(file);
    }

    /**
     * Loads a checkpoint with the checks of {@link ModelFile#load}; the optimizer state must have exactly the
     * tensors that the spec's optimizer keeps, and the progress must be consistent.
     *
     * @throws ModelFormatException naming the file and what was expected and found
     */
    public static LoadedCheckpoint load(Path file, PluginRegistry registry) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(registry, "registry");
        String f = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Safetensors.Header h = Safetensors.open(ch, f, FORMAT, ModelFile.FORMAT,
                    "it is a model file: load it with ModelFile.load");
            String pj = h.metadata().get(PROGRESS);
            if (pj == null) {
                throw new ModelFormatException(f + ": the metadata has no \"progress\" entry");
            }
            Partial p = parseProgress(pj, f);
            List<NamedTensor> state = new ArrayList<>();
            Mat[] best = new Mat[1];
            ModelFile.Opened o = ModelFile.openNetwork(h, f, registry, (spec, count, buffers) -> {
                Map<String, Safetensors.Tensor> others = new LinkedHashMap<>();
                Optimizer opt = registry.create(PluginKind.OPTIMIZER, spec.training().optimizer(), "optimizer");
                for (NamedTensor t : opt.newUpdater(count, spec.network().precision()).state()) {
                    state.add(t);
                    others.put(OPTIMIZER_PREFIX + t.name(), expected(OPTIMIZER_PREFIX + t.name(), t.value()));
                }
                if (p.hasBestWeights) {
                    best[0] = Mat.zeros(spec.network().precision(), 1, count + buffers);
                    others.put(BEST_WEIGHTS, expected(BEST_WEIGHTS, best[0]));
                }
                return others;
            });
            if (p.hasBestWeights && p.earlyStopping == null) {
                throw new ModelFormatException(f + ": progress: best weights without an early-stopping state");
            }
            ModelFile.readParameters(ch, h, o.network(), f);
            for (NamedTensor t : state) {
                Safetensors.readInto(ch, h, h.tensors().get(OPTIMIZER_PREFIX + t.name()), t.value(), f);
            }
            EarlyStopping.State es = null;
            if (p.earlyStopping != null) {
                if (best[0] != null) {
                    Safetensors.readInto(ch, h, h.tensors().get(BEST_WEIGHTS), best[0], f);
                }
                EarlyStopping.State s = p.earlyStopping;
                es = new EarlyStopping.State(s.best(), s.bestEpoch(), s.waited(), best[0]);
            }
            Trainer.Progress progress = new Trainer.Progress(p.completedEpochs, p.steps, p.history, es);
            return new LoadedCheckpoint(o.network(), o.spec(), o.metadata(), progress, state);
        } catch (IOException e) {
            throw new ModelFormatException(f + ": cannot read the file: " + e, e);
        }
    }

    private static Safetensors.Tensor expected(String name, Mat m) {
        return new Safetensors.Tensor(name, Safetensors.Dtype.of(m.precision()), m.rows(), m.cols(), 0, 0);
    }

    // ------------------------------------------------------------------------------------------------ progress

    static ObjectNode progressJson(Trainer.Progress p) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("completed_epochs", p.completedEpochs());
        o.put("steps", p.steps());
        ArrayNode h = o.putArray("history");
        for (EpochResult r : p.history()) {
            ObjectNode e = h.addObject();
            e.put("epoch", r.epoch());
            e.set("train_loss", num(r.trainLoss()));
            e.set("train_accuracy", num(r.trainAccuracy()));
            e.set("validation_loss", num(r.validationLoss()));
            e.set("validation_accuracy", num(r.validationAccuracy()));
            e.set("learning_rate", num(r.learningRate()));
            e.set("seconds", num(r.seconds()));
            e.set("samples_per_second", num(r.samplesPerSecond()));
        }
        EarlyStopping.State es = p.earlyStopping();
        if (es == null) {
            o.putNull("early_stopping");
        } else {
            ObjectNode e = o.putObject("early_stopping");
            e.set("best", num(es.best()));
            e.put("best_epoch", es.bestEpoch());
            e.put("waited", es.waited());
            e.put("best_weights", es.bestWeights() != null);
        }
        return o;
    }

    private static JsonNode num(double v) {
        if (Double.isNaN(v)) {
            return Json.NODES.textNode("NaN");
        }
        if (Double.isInfinite(v)) {
            return Json.NODES.textNode(v > 0 ? "Infinity" : "-Infinity");
        }
        return Json.NODES.numberNode(v);
    }

    /** The progress as saved, best weights not yet read. */
    private record Partial(int completedEpochs, long steps, List<EpochResult> history,
                           EarlyStopping.State earlyStopping, boolean hasBestWeights) {
    }

    private static Partial parseProgress(String json, String f) {
        String where = f + ": progress";
        JsonNode o;
        try {
            o = Json.object(Json.parse(json, PROGRESS), "progress",
                    List.of("completed_epochs", "steps", "history", "early_stopping"));
            int completed = Json.intIn(Json.required((ObjectNode) o, "completed_epochs", "progress"),
                    "progress.completed_epochs", 0, Integer.MAX_VALUE);
            long steps = Json.wholeNumber(Json.required((ObjectNode) o, "steps", "progress"), "progress.steps");
            if (steps < 0) {
                throw new ConfigException("progress.steps", "expected at least 0, got " + steps);
            }
            JsonNode hist = Json.required((ObjectNode) o, "history", "progress");
            if (!hist.isArray() || hist.size() != completed) {
                throw new ConfigException("progress.history", "expected a list of " + completed
                        + " epochs (one per completed epoch), got " + (hist.isArray() ? hist.size() + " entries"
                        : Json.describe(hist)));
            }
            List<EpochResult> history = new ArrayList<>();
            List<String> fields = List.of("epoch", "train_loss", "train_accuracy", "validation_loss",
                    "validation_accuracy", "learning_rate", "seconds", "samples_per_second");
            for (int i = 0; i < hist.size(); i++) {
                String p = "progress.history[" + i + "]";
                ObjectNode e = Json.object(hist.get(i), p, fields);
                for (String k : fields) {
                    Json.required(e, k, p);
                }
                int epoch = Json.intIn(e.get("epoch"), p + ".epoch", i + 1, i + 1);
                history.add(new EpochResult(epoch, dbl(e, "train_loss", p), dbl(e, "train_accuracy", p),
                        dbl(e, "validation_loss", p), dbl(e, "validation_accuracy", p), dbl(e, "learning_rate", p),
                        dbl(e, "seconds", p), dbl(e, "samples_per_second", p)));
            }
            JsonNode es = Json.required((ObjectNode) o, "early_stopping", "progress");
            EarlyStopping.State state = null;
            boolean hasBest = false;
            if (!es.isNull()) {
                String p = "progress.early_stopping";
                ObjectNode e = Json.object(es, p, List.of("best", "best_epoch", "waited", "best_weights"));
                for (String k : List.of("best", "best_epoch", "waited", "best_weights")) {
                    Json.required(e, k, p);
                }
                state = new EarlyStopping.State(dbl(e, "best", p),
                        Json.intIn(e.get("best_epoch"), p + ".best_epoch", 0, completed),
                        Json.intIn(e.get("waited"), p + ".waited", 0, completed), null);
                hasBest = Json.bool(e.get("best_weights"), p + ".best_weights");
            }
            return new Partial(completed, steps, history, state, hasBest);
        } catch (ConfigException e) {
            throw new ModelFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static double dbl(JsonNode o, String key, String path) {
        JsonNode v = o.get(key);
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        if (!v.isNumber()) {
            throw Json.typeError(path + "." + key, "a number, \"NaN\" or \"Infinity\"", v);
        }
        return v.doubleValue();
    }
}
