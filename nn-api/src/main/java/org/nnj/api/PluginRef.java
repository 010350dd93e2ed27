package org.nnj.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;

/**
 * A reference to a plugin by name with raw (not yet validated) parameters, as written in a spec:
 * {@code "relu"} or {@code {"name": "sigmoid", "beta": 2}}. The core resolves it against the installed plugins.
 */
@API(status = API.Status.STABLE)
public record PluginRef(String name, Map<String, Object> params) {

    public PluginRef {
        Objects.requireNonNull(name, "name");
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static PluginRef of(String name) {
        return new PluginRef(name, Map.of());
    }

    public static PluginRef of(String name, Map<String, ?> params) {
        return new PluginRef(name, new LinkedHashMap<>(params));
    }

    /**
     * The reference written on a command line, {@code NAME} or {@code NAME:key=value,...} (values that read as
     * booleans, integers or reals are passed as such, others as strings); the parameters are validated later,
     * against the plugin's. A missing name or a pair without {@code =} is a {@link ConfigException} at
     * {@code where} (the option, e.g. {@code --backend}).
     */
    public static PluginRef parse(String where, String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).trim();
        if (name.isEmpty()) {
            throw new ConfigException(where, "expected a plugin name (see nn plugins), got \"" + text + "\"");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : text.substring(colon + 1).split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException(where, "expected key=value after \"" + name + ":\", got \"" + kv
                            + "\" in \"" + text + "\"");
                }
                params.put(kv.substring(0, eq).trim(), scalar(kv.substring(eq + 1).trim()));
            }
        }
        return of(name, params);
    }

    private static Object scalar(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            try {
                return Double.valueOf(v);
            } catch (NumberFormatException e2) {
                return v;
            }
        }
    }

    @Override
    public String toString() {
        return params.isEmpty() ? name : name + params;
    }
}
