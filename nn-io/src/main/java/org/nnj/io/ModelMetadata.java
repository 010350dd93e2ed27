package org.nnj.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.ModelFormatException;
import org.nnj.core.Network;
import org.nnj.data.Dataset;
import org.nnj.data.Scaler;
import org.nnj.data.Scalers;
import org.nnj.data.Task;

/**
 * What a model file holds besides its spec and weights: the class names (for classification), the feature names,
 * the scaler fitted on the training split (its id and statistics, so predictions scale their inputs exactly as
 * training did) and free-form string entries.
 *
 * @param classNames       one name per class, or empty
 * @param featureNames     one name per input feature, or empty
 * @param scalerName       "none", "minmax" or "standard", or null when no scaler was used
 * @param scalerStatistics the scaler's statistics ({@link Scaler#statistics()}), or null with no scaler
 * @param extra            free-form entries (stored as metadata entries {@code extra.<key>})
 */
@API(status = API.Status.STABLE)
public record ModelMetadata(List<String> classNames, List<String> featureNames, String scalerName,
                            Map<String, double[]> scalerStatistics, Map<String, String> extra) {

    static final String CLASSES = "classes";
    static final String FEATURES = "features";
    static final String SCALER = "scaler";
    static final String EXTRA = "extra.";

    public ModelMetadata {
        classNames = List.copyOf(classNames == null ? List.of() : classNames);
        featureNames = List.copyOf(featureNames == null ? List.of() : featureNames);
        if ((scalerName == null) != (scalerStatistics == null)) {
            throw new IllegalArgumentException("scalerName and scalerStatistics must both be given or both be null");
        }
        if (scalerStatistics != null) {
            Map<String, double[]> copy = new LinkedHashMap<>();
            scalerStatistics.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "statistic name"),
                    Objects.requireNonNull(v, "statistic " + k).clone()));
            scalerStatistics = Collections.unmodifiableMap(copy);
        }
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra == null ? Map.of() : extra));
    }

    /** No classes, features, scaler or extras. */
    public static ModelMetadata empty() {
        return new ModelMetadata(List.of(), List.of(), null, null, Map.of());
    }

    /** The class and feature names of {@code train} and the scaler fitted on it (may be null). */
    public static ModelMetadata of(Dataset train, Scaler scaler) {
        Objects.requireNonNull(train, "train");
        return new ModelMetadata(train.task() == Task.CLASSIFICATION ? train.classNames() : List.of(),
                train.featureNames(), scaler == null ? null : scaler.name(),
                scaler == null ? null : scaler.statistics(), Map.of());
    }

    /** This metadata with one more free-form entry. */
    public ModelMetadata withExtra(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ModelMetadata(classNames, featureNames, scalerName, scalerStatistics, m);
    }

    /** The scaler re-created from its statistics, if there is one. */
    public Optional<Scaler> scaler() {
        return scalerName == null ? Optional.empty() : Optional.of(Scalers.fromStatistics(scalerName, scalerStatistics));
    }

    /**
     * Checks that this metadata fits {@code net}: as many feature names and scaler statistics as inputs, as many
     * class names as outputs (or two for a single output).
     *
     * @return null if it fits, else what is wrong
     */
    public String mismatch(Network net) {
        if (!featureNames.isEmpty() && featureNames.size() != net.inputSize()) {
            return featureNames.size() + " feature names for a network of " + net.inputSize() + " inputs";
        }
        int out = net.outputSize();
        if (!classNames.isEmpty() && classNames.size() != out && !(out == 1 && classNames.size() == 2)) {
            return classNames.size() + " class names for a network of " + out + " outputs";
        }
        if (scalerName != null) {
            Scaler s;
            try {
                s = Scalers.fromStatistics(scalerName, scalerStatistics);
            } catch (ConfigException | IllegalArgumentException e) {
                return "an invalid scaler: " + e.getMessage();
            }
            if (s.featureCount() >= 0 && s.featureCount() != net.inputSize()) {
                return "a scaler of " + s.featureCount() + " features for a network of " + net.inputSize() + " inputs";
            }
        }
        return null;
    }

    /** The metadata entries of a model file for this metadata (also what an ONNX export stores). */
    public Map<String, String> toEntries() {
        Map<String, String> m = new LinkedHashMap<>();
        if (!classNames.isEmpty()) {
            m.put(CLASSES, Json.compact(strings(classNames)));
        }
        if (!featureNames.isEmpty()) {
            m.put(FEATURES, Json.compact(strings(featureNames)));
        }
        if (scalerName != null) {
            ObjectNode o = Json.NODES.objectNode();
            o.put("name", scalerName);
            ObjectNode stats = o.putObject("statistics");
            scalerStatistics.forEach((k, v) -> {
                ArrayNode a = stats.putArray(k);
                for (double d : v) {
                    a.add(d);
                }
            });
            m.put(SCALER, Json.compact(o));
        }
        extra.forEach((k, v) -> m.put(EXTRA + k, v));
        return m;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = Json.NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /**
     * Reads the entries {@link #toEntries()} wrote (other keys are ignored); anything malformed is a
     * {@link ModelFormatException} naming {@code file}.
     */
    public static ModelMetadata fromEntries(Map<String, String> m, String file) {
        List<String> classes = m.containsKey(CLASSES) ? stringList(m.get(CLASSES), CLASSES, file) : List.of();
        List<String> features = m.containsKey(FEATURES) ? stringList(m.get(FEATURES), FEATURES, file) : List.of();
        String scalerName = null;
        Map<String, double[]> stats = null;
        if (m.containsKey(SCALER)) {
            JsonNode s = parse(m.get(SCALER), SCALER, file);
            JsonNode name = s.get("name");
            JsonNode st = s.get("statistics");
            if (!s.isObject() || s.size() != 2 || name == null || !name.isTextual() || st == null || !st.isObject()) {
                throw bad(file, SCALER, "expected {\"name\": ..., \"statistics\": {...}}");
            }
            scalerName = name.textValue();
            stats = new LinkedHashMap<>();
            for (var it = st.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isArray()) {
                    throw bad(file, SCALER, "statistic \"" + e.getKey() + "\" is not a list of numbers");
                }
                double[] v = new double[e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    JsonNode x = e.getValue().get(i);
                    if (!x.isNumber()) {
                        throw bad(file, SCALER, "statistic \"" + e.getKey() + "\" holds " + Json.describe(x));
                    }
                    v[i] = x.doubleValue();
                }
                stats.put(e.getKey(), v);
            }
            try {
                Scalers.fromStatistics(scalerName, stats);
            } catch (ConfigException | IllegalArgumentException e) {
                throw bad(file, SCALER, e.getMessage());
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(EXTRA)) {
                extra.put(k.substring(EXTRA.length()), v);
            }
        });
        return new ModelMetadata(classes, features, scalerName, stats, extra);
    }

    private static JsonNode parse(String json, String key, String file) {
        try {
            return Json.parse(json, key);
        } catch (ConfigException e) {
            throw bad(file, key, e.getMessage());
        }
    }

    private static List<String> stringList(String json, String key, String file) {
        JsonNode a = parse(json, key, file);
        if (!a.isArray()) {
            throw bad(file, key, "expected a list of names, got " + Json.describe(a));
        }
        String[] out = new String[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isTextual()) {
                throw bad(file, key, "expected a list of names, found " + Json.describe(a.get(i)));
            }
            out[i] = a.get(i).textValue();
        }
        return List.of(out);
    }

    private static ModelFormatException bad(String file, String key, String problem) {
        return new ModelFormatException(file + ": metadata entry \"" + key + "\": " + problem);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelMetadata m) || !classNames.equals(m.classNames) || !featureNames.equals(m.featureNames)
                || !Objects.equals(scalerName, m.scalerName) || !extra.equals(m.extra)) {
            return false;
        }
        if (scalerStatistics == null || m.scalerStatistics == null) {
            return scalerStatistics == m.scalerStatistics;
        }
        if (!scalerStatistics.keySet().equals(m.scalerStatistics.keySet())) {
            return false;
        }
        for (var e : scalerStatistics.entrySet()) {
            if (!Arrays.equals(e.getValue(), m.scalerStatistics.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(classNames, featureNames, scalerName, extra);
        if (scalerStatistics != null) {
            for (var e : scalerStatistics.entrySet()) {
                h = 31 * h + e.getKey().hashCode() + Arrays.hashCode(e.getValue());
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "ModelMetadata[classes=" + classNames + ", features=" + featureNames + ", scaler=" + scalerName
                + ", extra=" + extra + "]";
    }
}
