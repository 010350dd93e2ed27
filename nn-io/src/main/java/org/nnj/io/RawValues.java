package org.nnj.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginRef;

/**
 * The canonical form of raw plugin parameter values, so that a spec read from JSON equals the spec it was written
 * from: whole numbers are {@link Long} (or {@link BigInteger} beyond a long), other numbers {@link Double},
 * nested plugin references a name {@link String} or a {@code {"name": ..., params}} map, maps and lists
 * unmodifiable and ordered.
 */
final class RawValues {
    private RawValues() {
    }

    /** {@code ref} with canonical parameter values. */
    static PluginRef canonical(PluginRef ref, String path) {
        if (ref == null) {
            return null;
        }
        return new PluginRef(ref.name(), canonicalMap(ref.params(), path));
    }

    static List<PluginRef> canonical(List<PluginRef> refs, String path) {
        List<PluginRef> out = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            out.add(canonical(refs.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static Map<String, Object> canonicalMap(Map<?, ?> m, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            out.put(key, value(e.getValue(), path + "." + key));
        }
        return Collections.unmodifiableMap(out);
    }

    static Object value(Object v, String path) {
        if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return Double.parseDouble(Float.toString(f));
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof PluginRef r) {
            if (r.params().isEmpty()) {
                return r.name();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.putAll(canonicalMap(r.params(), path));
            return Collections.unmodifiableMap(m);
        }
        if (v instanceof Map<?, ?> m) {
            return canonicalMap(m, path);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(value(l.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        throw new ConfigException(path, v == null ? "expected a value, got null"
                : "a spec holds numbers, strings, booleans, lists, objects and plugin references; got a "
                + v.getClass().getSimpleName());
    }
}
