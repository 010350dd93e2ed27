package org.nnj.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.EarlyStopping;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.core.TrainingSpec;
import org.nnj.core.registry.PluginRegistry;

/**
 * Reads JSON spec files into {@link ModelSpec}s, strictly: unknown fields, missing required fields, wrong JSON
 * types, zero or negative sizes, unknown plugins and invalid plugin parameters each fail with a
 * {@link ConfigException} whose {@link ConfigException#path() path} is the JSON path of the offending value
 * ({@code layers[2].activation: unknown activation "rleu"; known: elu, gaussian, ...}). JSON syntax errors name
 * the source, line and column. Everything is checked before anything is built; see {@link #read(String, String)}
 * for the format.
 *
 * <p>Immutable and thread-safe.
 */
@API(status = API.Status.STABLE)
public final class SpecReader {
    /** The largest spec file read, in bytes. */
    public static final long MAX_SPEC_BYTES = 10L << 20;

    static final List<String> TOP = List.of("name", "description", "input", "precision", "seed", "initializer",
            "layers", "loss", "optimizer", "training", "data");
    static final List<String> TRAINING = List.of("epochs", "batch_size", "shuffle", "seed", "schedule", "clip_value",
            "clip_norm", "early_stopping", "validation_split", "checkpoint_every");
    static final List<String> EARLY_STOPPING = List.of("monitor", "patience", "min_delta", "restore_best");
    static final List<String> DATA = List.of("format", "label", "scaling", "test_split");

    /** The default seed of a spec that gives none. */
    public static final long DEFAULT_SEED = 42;

    private final PluginRegistry registry;
    private final SpecChecker checker;

    public SpecReader(PluginRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.checker = new SpecChecker(registry);
    }

    /**
     * Reads the spec file {@code file} (UTF-8, at most {@link #MAX_SPEC_BYTES}).
     *
     * @throws ConfigException for an unreadable file, a syntax error (naming the file, line and column) or an
     *                         invalid spec (naming the JSON path)
     */
    public ModelSpec read(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_SPEC_BYTES) {
                throw new ConfigException("", file + ": a spec file of " + size + " bytes is larger than the "
                        + MAX_SPEC_BYTES + " bytes a spec may have");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("", file + ": cannot read the spec file: " + e);
        }
        return read(utf8(bytes, file.toString()), file.toString());
    }

    static String utf8(byte[] bytes, String source) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new ConfigException("", source + ": not valid UTF-8 text (" + e + ")");
        }
    }

    /** {@code "input"}: a positive whole number (a flat vector) or a non-empty list of them (a shape). */
    static Shape inputShape(JsonNode v) {
        if (!v.isArray()) {
            return Shape.flat(Json.intIn(v, "input", 1, Integer.MAX_VALUE));
        }
        if (v.isEmpty()) {
            throw new ConfigException("input", "expected a number of features or a list of dimensions such as "
                    + "[1, 28, 28], got an empty list");
        }
        int[] dims = new int[v.size()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Json.intIn(v.get(i), "input[" + i + "]", 1, Integer.MAX_VALUE);
            size *= dims[i];
            if (size > Integer.MAX_VALUE - 8) {
                throw new ConfigException("input", "a sample of shape " + v + " has more values than one Java array "
                        + "holds (" + (Integer.MAX_VALUE - 8) + ")");
            }
        }
        return Shape.of(dims);
    }

    /**
     * Reads a spec from JSON text.
     *
     * <pre>{@code
     * {
     *   "name": "iris", "description": "optional", "input": 4, "precision": "float32", "seed": 1,
     *   "initializer": "he_normal",
     *   "layers": [{"type": "dense", "units": 16, "activation": "tanh"}, {"type": "dropout", "rate": 0.1},
     *              {"type": "dense", "units": 3, "activation": {"name": "softmax"}}],
     *   "loss": "categorical_crossentropy",
     *   "optimizer": {"name": "adam", "lr": 0.01},
     *   "training": {"epochs": 100, "batch_size": 16, "shuffle": true, "seed": 1,
     *                "schedule": {"name": "cosine", "t_max": 100}, "clip_value": 0, "clip_norm": 0,
     *                "early_stopping": {"monitor": "val_loss", "patience": 5, "min_delta": 0, "restore_best": true},
     *                "validation_split": 0.1, "checkpoint_every": 5},
     *   "data": {"format": "csv", "label": "species", "scaling": "standard", "test_split": 0.3}
     * }
     * }</pre>
     *
     * {@code input} is the shape of one sample: a number of features ({@code 4}), or a list of dimensions such as
     * {@code [1, 28, 28]} for images (channels, height, width; see {@link Shape}).
     *
     * Required: {@code input}, {@code layers}, {@code loss}. Defaults: {@code name} the source's file name without
     * extension, {@code precision} float32, {@code seed} 42, {@code optimizer} sgd, {@code training} the values of
     * {@link TrainingSpec#defaults()} (its {@code seed} defaults to the network's), no {@code data}. In
     * {@code early_stopping}: {@code monitor} val_loss, {@code patience} 5, {@code min_delta} 0,
     * {@code restore_best} true. A top-level {@code initializer} is given to every layer whose plugin declares an
     * {@code initializer} parameter and that sets none itself. A plugin is named by a string or by an object with
     * {@code "name"} ({@code "type"} for layers) and its parameters.
     *
     * @param source names the text in syntax error messages (a file name)
     * @throws ConfigException naming the JSON path of the first problem
     */
    public ModelSpec read(String json, String source) {
        Objects.requireNonNull(json, "json");
        String src = source == null || source.isEmpty() ? "<spec>" : source;
        JsonNode root = Json.parse(json, src);
        ObjectNode top = Json.object(root, "", TOP);
        String name = top.has("name") ? Json.string(top.get("name"), "name") : defaultName(src);
        if (name.isBlank()) {
            throw new ConfigException("name", "expected a non-empty name");
        }
        String description = top.has("description") ? Json.string(top.get("description"), "description") : "";
        Shape input = inputShape(Json.required(top, "input", ""));
        Precision precision = Precision.FLOAT32;
        if (top.has("precision")) {
            String p = Json.string(top.get("precision"), "precision");
            try {
                precision = Precision.parse(p);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("precision", e.getMessage());
            }
        }
        long seed = top.has("seed") ? Json.wholeNumber(top.get("seed"), "seed") : DEFAULT_SEED;
        PluginRef initializer = null;
        if (top.has("initializer")) {
            initializer = pluginRef(top.get("initializer"), "initializer", false);
            checker.resolve(PluginKind.INITIALIZER, initializer, "initializer");
        }
        List<PluginRef> layers = layers(Json.required(top, "layers", ""), initializer);
        PluginRef loss = pluginRef(Json.required(top, "loss", ""), "loss", false);
        NetworkSpec network = new NetworkSpec(input, layers, loss, precision, seed);
        PluginRef optimizer = top.has("optimizer") ? pluginRef(top.get("optimizer"), "optimizer", false)
                : TrainingSpec.defaults().optimizer();
        TrainingSpec training = training(top.get("training"), optimizer);
        DataSpec data = top.has("data") ? data(top.get("data")) : null;
        ModelSpec spec = new ModelSpec(name, description, network, training, data);
        checker.check(spec);
        return spec;
    }

    /**
     * Checks a spec made in Java as {@link #read} checks a file, then builds its network once (which also runs
     * the layers' own checks and the initializers).
     *
     * @return the network built from the spec
     * @throws ConfigException naming the spec path of the first problem
     */
    public Network validate(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        checker.check(spec);
        return Network.build(spec.network(), registry);
    }

    static String defaultName(String source) {
        String s = source.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        int dot = s.indexOf('.');
        s = dot > 0 ? s.substring(0, dot) : s;
        return s.isBlank() || s.startsWith("<") ? "model" : s;
    }

    private List<PluginRef> layers(JsonNode node, PluginRef initializer) {
        if (!node.isArray()) {
            throw Json.typeError("layers", "a list of layers", node);
        }
        if (node.isEmpty()) {
            throw new ConfigException("layers", "a network needs at least one layer, got none");
        }
        List<PluginRef> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "layers[" + i + "]";
            PluginRef ref = pluginRef(node.get(i), path, true);
            if (initializer != null && !ref.params().containsKey("initializer")
                    && registry.has(PluginKind.LAYER, ref.name()) && declaresInitializer(ref.name())) {
                Map<String, Object> params = new LinkedHashMap<>(ref.params());
                params.put("initializer", RawValues.value(initializer, path + ".initializer"));
                ref = new PluginRef(ref.name(), params);
            }
            out.add(ref);
        }
        return out;
    }

    private boolean declaresInitializer(String layer) {
        for (Param p : registry.get(PluginKind.LAYER, layer).parameters()) {
            if (p.name().equals("initializer")) {
                return true;
            }
        }
        return false;
    }

    /** A plugin reference: a name, or an object with "name" ("type" or "name" for layers) and parameters. */
    static PluginRef pluginRef(JsonNode v, String path, boolean layer) {
        if (v.isTextual()) {
            if (v.textValue().isBlank()) {
                throw new ConfigException(path, "expected a plugin name, got an empty string");
            }
            return PluginRef.of(v.textValue());
        }
        if (!v.isObject()) {
            throw Json.typeError(path, layer ? "a layer object with \"type\" or a layer name"
                    : "a plugin name or an object with \"name\"", v);
        }
        String key = "name";
        if (layer && v.has("type")) {
            if (v.has("name")) {
                throw new ConfigException(path, "give the layer's \"type\" or its \"name\", not both");
            }
            key = "type";
        }
        JsonNode n = v.get(key);
        if (n == null) {
            throw new ConfigException(Json.join(path, key), "missing required field \"" + key + "\" (the "
                    + (layer ? "layer type" : "plugin's name") + ")");
        }
        String name = Json.string(n, Json.join(path, key));
        if (name.isBlank()) {
            throw new ConfigException(Json.join(path, key), "expected a plugin name, got an empty string");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        String k = key;
        v.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(k)) {
                params.put(e.getKey(), Json.raw(e.getValue(), Json.join(path, e.getKey())));
            }
        });
        return new PluginRef(name, params);
    }

    private static TrainingSpec training(JsonNode node, PluginRef optimizer) {
        TrainingSpec d = TrainingSpec.defaults();
        if (node == null) {
            return new TrainingSpec(optimizer, d.epochs(), d.batchSize(), d.shuffle(), d.seed(), d.schedule(),
                    d.clipValue(), d.clipNorm(), d.earlyStopping(), d.validationSplit(), d.checkpointEvery());
        }
        String p = "training";
        ObjectNode t = Json.object(node, p, TRAINING);
        int epochs = t.has("epochs") ? Json.intIn(t.get("epochs"), p + ".epochs", 1, Integer.MAX_VALUE) : d.epochs();
        int batch = t.has("batch_size") ? Json.intIn(t.get("batch_size"), p + ".batch_size", 1, Integer.MAX_VALUE)
                : d.batchSize();
        boolean shuffle = t.has("shuffle") ? Json.bool(t.get("shuffle"), p + ".shuffle") : d.shuffle();
        Long seed = t.has("seed") ? Long.valueOf(Json.wholeNumber(t.get("seed"), p + ".seed")) : d.seed();
        PluginRef schedule = t.has("schedule") ? pluginRef(t.get("schedule"), p + ".schedule", false) : d.schedule();
        double clipValue = t.has("clip_value") ? Json.number(t.get("clip_value"), p + ".clip_value") : d.clipValue();
        double clipNorm = t.has("clip_norm") ? Json.number(t.get("clip_norm"), p + ".clip_norm") : d.clipNorm();
        EarlyStopping es = t.has("early_stopping") ? earlyStopping(t.get("early_stopping")) : d.earlyStopping();
        double split = t.has("validation_split") ? Json.number(t.get("validation_split"), p + ".validation_split")
                : d.validationSplit();
        int every = t.has("checkpoint_every")
                ? Json.intIn(t.get("checkpoint_every"), p + ".checkpoint_every", 0, Integer.MAX_VALUE)
                : d.checkpointEvery();
        return new TrainingSpec(optimizer, epochs, batch, shuffle, seed, schedule, clipValue, clipNorm, es, split,
                every);
    }

    private static EarlyStopping earlyStopping(JsonNode node) {
        String p = "training.early_stopping";
        ObjectNode o = Json.object(node, p, EARLY_STOPPING);
        String monitor = o.has("monitor") ? Json.string(o.get("monitor"), p + ".monitor") : "val_loss";
        int patience = o.has("patience") ? Json.intIn(o.get("patience"), p + ".patience", 1, Integer.MAX_VALUE) : 5;
        double minDelta = o.has("min_delta") ? Json.number(o.get("min_delta"), p + ".min_delta") : 0;
        boolean restore = !o.has("restore_best") || Json.bool(o.get("restore_best"), p + ".restore_best");
        return new EarlyStopping(monitor, patience, minDelta, restore);
    }

    private static DataSpec data(JsonNode node) {
        ObjectNode o = Json.object(node, "data", DATA);
        String format = o.has("format") ? Json.string(o.get("format"), "data.format") : null;
        String labelName = null;
        Integer labelIndex = null;
        JsonNode label = o.get("label");
        if (label != null) {
            if (label.isTextual()) {
                labelName = label.textValue();
            } else if (label.isNumber()) {
                labelIndex = Json.intIn(label, "data.label", Integer.MIN_VALUE, Integer.MAX_VALUE);
            } else {
                throw Json.typeError("data.label", "a column name or a column index", label);
            }
        }
        String scaling = o.has("scaling") ? Json.string(o.get("scaling"), "data.scaling") : null;
        double split = o.has("test_split") ? Json.number(o.get("test_split"), "data.test_split")
                : DataSpec.DEFAULT_TEST_SPLIT;
        return new DataSpec(format, labelName, labelIndex, scaling, split);
    }
}
