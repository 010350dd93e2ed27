package org.nnj.api.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginRef;

/**
 * The validated parameter values of one plugin instance, in declaration order. Values are {@link Double},
 * {@link Long}, {@link Boolean}, {@link String} or {@link PluginRef}, as their {@link Param.Type} says, and for a
 * {@link Param#orPerAxis()} parameter given per axis an unmodifiable list of two {@link Long}s.
 */
@API(status = API.Status.STABLE)
public final class Config {
    private static final Config EMPTY = new Config("", Map.of());
    private final String path;
    private final Map<String, Object> values;

    private Config(String path, Map<String, Object> values) {
        this.path = path == null ? "" : path;
        this.values = Collections.unmodifiableMap(values);
    }

    public static Config empty() {
        return EMPTY;
    }

    /**
     * Checks raw values (as read from JSON or given in Java) against {@code params}: every key must be a
     * declared parameter, every value of the right type and in range, every required parameter present.
     * Missing optional values take their defaults. Integral doubles are accepted for integer parameters and
     * any number for real ones; a string or a map ({@code {"name": ..., params}}) names a plugin.
     *
     * @param path where these values sit in a spec, for messages (e.g. {@code layers[1]}); may be empty
     * @throws ConfigException naming the path of the first offending value
     */
    public static Config resolve(String path, List<Param> params, Map<String, ?> raw) {
        Objects.requireNonNull(params, "params");
        Map<String, ?> given = raw == null ? Map.of() : raw;
        Map<String, Param> byName = new LinkedHashMap<>();
        for (Param p : params) {
            byName.put(p.name(), p);
        }
        for (String key : given.keySet()) {
            if (!byName.containsKey(key)) {
                throw new ConfigException(join(path, key), "unknown parameter \"" + key + "\"; "
                        + (byName.isEmpty() ? "this plugin takes no parameters"
                        : "known: " + String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : params) {
            Object v = given.get(p.name());
            if (v == null) {
                if (p.defaultValue() != null) {
                    out.put(p.name(), p.defaultValue());
                } else if (p.isRequired()) {
                    throw new ConfigException(join(path, p.name()), "missing required parameter \"" + p.name()
                            + "\" (" + p.summary() + ")");
                }
                continue;
            }
            out.put(p.name(), coerce(join(path, p.name()), p, v));
        }
        return new Config(path, out);
    }

    private static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    private static Object coerce(String where, Param p, Object v) {
        if (p.perAxis() && v instanceof List<?> l) {
            if (l.size() != 2) {
                throw new ConfigException(where, "expected a whole number or a list of 2 ([height, width]), got a "
                        + "list of " + l.size());
            }
            Param one = new Param(p.name(), p.type(), p.defaultValue(), p.min(), p.minInclusive(), p.max(),
                    p.maxInclusive(), List.of(), p.pluginKind(), p.description(), p.wholeNumbers(), false);
            List<Long> axes = new ArrayList<>(2);
            for (int i = 0; i < 2; i++) {
                Object e = l.get(i);
                if (!(e instanceof Number)) {
                    throw new ConfigException(where + "[" + i + "]", "expected a whole number, got " + describe(e));
                }
                Object c = coerce(where + "[" + i + "]", one, e);
                axes.add(c instanceof String s ? Long.valueOf(s) : (Long) c);
            }
            return List.copyOf(axes);
        }
        switch (p.type()) {
            case REAL: {
                if (!(v instanceof Number n)) {
                    throw typeError(where, p, v);
                }
                double d = n.doubleValue();
                if (!Double.isFinite(d) || !p.inRange(d)) {
                    throw new ConfigException(where, "value " + v + " is outside the valid range " + p.rangeText());
                }
                return d;
            }
            case INT: {
                if (!(v instanceof Number n)) {
                    throw typeError(where, p, v);
                }
                double d = n.doubleValue();
                if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
                    throw new ConfigException(where, "expected a whole number, got " + v);
                }
                long l = n.longValue();
                if (!p.inRange(l)) {
                    throw new ConfigException(where, "value " + v + " is outside the valid range " + p.rangeText());
                }
                return l;
            }
            case BOOL:
                if (!(v instanceof Boolean)) {
                    throw typeError(where, p, v);
                }
                return v;
            case STRING:
                if (p.wholeNumbers() && v instanceof Number n) {
                    double d = n.doubleValue();
                    if (d != Math.rint(d) || Math.abs(d) > 9.0e15 || !p.inRange(d)) {
                        throw new ConfigException(where, "expected " + (p.choices().isEmpty() ? "" : "one of "
                                + String.join(", ", p.choices()) + " or ") + "a whole number >= "
                                + (long) p.min() + ", got " + v);
                    }
                    return Long.toString(n.longValue());
                }
                if (!(v instanceof String s)) {
                    throw typeError(where, p, v);
                }
                if (p.wholeNumbers() && !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 16) {
                    return coerce(where, p, Long.parseLong(s));
                }
                if (!p.choices().isEmpty() && !p.choices().contains(s)) {
                    throw new ConfigException(where, "unknown value \"" + s + "\"; expected one of "
                            + String.join(", ", p.choices()) + (p.wholeNumbers() ? " or a whole number" : ""));
                }
                return s;
            case PLUGIN:
                return toPluginRef(where, v);
            default:
                throw new AssertionError(p.type());
        }
    }

    /** Reads a plugin reference: a name, or a map with "name" (or "type") and parameters. */
    public static PluginRef toPluginRef(String where, Object v) {
        if (v instanceof PluginRef r) {
            return r;
        }
        if (v instanceof String s) {
            return PluginRef.of(s);
        }
        if (v instanceof Map<?, ?> m) {
            Object name = m.containsKey("name") ? m.get("name") : m.get("type");
            if (!(name instanceof String)) {
                throw new ConfigException(where, "expected a plugin name or an object with a \"name\" field, got " + v);
            }
            Map<String, Object> rest = new LinkedHashMap<>();
            m.forEach((k, val) -> {
                if (!"name".equals(k) && !"type".equals(k)) {
                    rest.put(String.valueOf(k), val);
                }
            });
            return new PluginRef((String) name, rest);
        }
        throw new ConfigException(where, "expected a plugin name or an object with a \"name\" field, got "
                + describe(v));
    }

    private static ConfigException typeError(String where, Param p, Object v) {
        return new ConfigException(where, "expected " + article(p.type()) + ", got " + describe(v));
    }

    private static String article(Param.Type t) {
        switch (t) {
            case REAL: return "a number";
            case INT: return "a whole number";
            case BOOL: return "true or false";
            case STRING: return "a string";
            default: return "a plugin name";
        }
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "the string \"" + v + "\"";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public double real(String name) {
        return ((Number) require(name)).doubleValue();
    }

    /**
     * An integer parameter as an {@code int}.
     *
     * @throws ConfigException naming the parameter's path when its value does not fit an {@code int}
     */
    public int integer(String name) {
        Object o = require(name);
        if (o instanceof List<?>) {
            throw new IllegalArgumentException("parameter \"" + name + "\" is given per axis, " + o
                    + "; read it with axes(\"" + name + "\")");
        }
        long v = ((Number) o).longValue();
        if (v != (int) v) {
            throw new ConfigException(join(path, name), "expected a whole number from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", found " + v);
        }
        return (int) v;
    }

    /**
     * A parameter declared {@link Param#orPerAxis()} as {@code {height, width}}: one number (or its decimal text,
     * for a whole-number string parameter) for both axes, or the list of two given.
     *
     * @throws ConfigException naming the parameter's path when a value does not fit an {@code int}
     * @throws IllegalArgumentException when the value is a string other than a whole number (e.g. "same")
     */
    public int[] axes(String name) {
        Object o = require(name);
        if (o instanceof List<?> l) {
            return new int[] {toInt(name, (Number) l.get(0)), toInt(name, (Number) l.get(1))};
        }
        long v;
        if (o instanceof String s) {
            if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 15) {
                throw new IllegalArgumentException("parameter \"" + name + "\" is \"" + s + "\", not a number");
            }
            v = Long.parseLong(s);
        } else {
            v = ((Number) o).longValue();
        }
        int i = toInt(name, v);
        return new int[] {i, i};
    }

    private int toInt(String name, Number n) {
        long v = n.longValue();
        if (v != (int) v) {
            throw new ConfigException(join(path, name), "expected a whole number from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", found " + v);
        }
        return (int) v;
    }

    public long longValue(String name) {
        return ((Number) require(name)).longValue();
    }

    public boolean bool(String name) {
        return (Boolean) require(name);
    }

    public String string(String name) {
        return (String) require(name);
    }

    public PluginRef plugin(String name) {
        return (PluginRef) require(name);
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter \"" + name + "\" in " + values.keySet());
        }
        return v;
    }

    /** The values in declaration order; plugin references appear as {@link PluginRef}. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** A copy with {@code name} set to {@code value} (not validated: pass the result through resolve). */
    public Map<String, Object> with(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return m;
    }

    public List<String> names() {
        return new ArrayList<>(values.keySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
