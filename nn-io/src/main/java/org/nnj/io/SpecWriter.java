package org.nnj.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.PluginRef;
import org.nnj.core.EarlyStopping;
import org.nnj.core.NetworkSpec;
import org.nnj.core.TrainingSpec;

/**
 * Writes a {@link ModelSpec} as a JSON spec file in the format {@link SpecReader} reads, so that
 * {@code reader.read(SpecWriter.toJson(spec), src)} equals {@code spec}.
 *
 * <p>Plugins are written exactly as the spec holds them: a name when it has no parameters, else an object with
 * {@code "name"} ({@code "type"} for layers) and the parameters it was given. Parameters left at their defaults
 * are not filled in: a spec says what its author chose, and a plugin's defaults are part of its stable contract
 * (a plugin that changes a default must take a new name). The network and training sections are always written
 * in full (every {@code training} field, the {@code seed}, the {@code precision}); class names never appear.
 */
@API(status = API.Status.STABLE)
public final class SpecWriter {
    private SpecWriter() {
    }

    /** Pretty-printed JSON (two-space indents, a final newline). */
    public static String toJson(ModelSpec spec) {
        return Json.pretty(toTree(spec));
    }

    /** Compact one-line JSON, as stored in model files. */
    public static String toCompactJson(ModelSpec spec) {
        return Json.compact(toTree(spec));
    }

    static ObjectNode toTree(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        NetworkSpec n = spec.network();
        TrainingSpec t = spec.training();
        ObjectNode o = Json.NODES.objectNode();
        o.put("name", spec.name());
        if (!spec.description().isEmpty()) {
            o.put("description", spec.description());
        }
        if (n.inputShape().isFlat()) {
            o.put("input", n.inputSize());
        } else {
            var input = o.putArray("input");
            for (int d : n.inputShape().dims()) {
                input.add(d);
            }
        }
        o.put("precision", n.precision().id());
        o.put("seed", n.seed());
        var layers = o.putArray("layers");
        for (PluginRef l : n.layers()) {
            layers.add(ref(l, "type"));
        }
        o.set("loss", ref(n.loss(), "name"));
        o.set("optimizer", ref(t.optimizer(), "name"));
        ObjectNode tr = o.putObject("training");
        tr.put("epochs", t.epochs());
        tr.put("batch_size", t.batchSize());
        tr.put("shuffle", t.shuffle());
        if (t.seed() != null) {
            tr.put("seed", t.seed().longValue());
        }
        if (t.schedule() != null) {
            tr.set("schedule", ref(t.schedule(), "name"));
        }
        tr.put("clip_value", t.clipValue());
        tr.put("clip_norm", t.clipNorm());
        EarlyStopping es = t.earlyStopping();
        if (es != null) {
            ObjectNode e = tr.putObject("early_stopping");
            e.put("monitor", es.monitor());
            e.put("patience", es.patience());
            e.put("min_delta", es.minDelta());
            e.put("restore_best", es.restoreBest());
        }
        tr.put("validation_split", t.validationSplit());
        tr.put("checkpoint_every", t.checkpointEvery());
        DataSpec d = spec.data();
        if (d != null) {
            ObjectNode data = o.putObject("data");
            if (d.format() != null) {
                data.put("format", d.format());
            }
            if (d.labelName() != null) {
                data.put("label", d.labelName());
            } else if (d.labelIndex() != null) {
                data.put("label", d.labelIndex().intValue());
            }
            if (d.scaling() != null) {
                data.put("scaling", d.scaling());
            }
            data.put("test_split", d.testSplit());
        }
        return o;
    }

    private static JsonNode ref(PluginRef r, String key) {
        if (r.params().isEmpty()) {
            return Json.NODES.textNode(r.name());
        }
        ObjectNode o = Json.NODES.objectNode();
        o.put(key, r.name());
        for (Map.Entry<String, Object> e : r.params().entrySet()) {
            o.set(e.getKey(), Json.node(e.getValue()));
        }
        return o;
    }
}
