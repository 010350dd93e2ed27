package org.nnj.api.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A reference to a plugin by name with raw (not yet validated) parameters, as written in a spec:
 * {@code "relu"} or {@code {"name": "sigmoid", "beta": 2}}. The core resolves it against the installed plugins.
 */
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

    @Override
    public String toString() {
        return params.isEmpty() ? name : name + params;
    }
}
