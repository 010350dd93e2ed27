package org.nnj.core.registry;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.spi.Plugin;
import org.nnj.api.spi.PluginKind;

/**
 * A discovered plugin: its kind, its default instance (as the provider created it) and where its class came
 * from (a jar or a classes directory).
 */
@API(status = API.Status.STABLE)
public record PluginInfo(PluginKind<?> kind, Plugin<?> plugin, String source) {
    public PluginInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(source, "source");
    }

    public String name() {
        return plugin.name();
    }

    public String className() {
        return plugin.getClass().getName();
    }

    /** {@code com.example.Swish (from /path/to/my-plugins.jar)}. */
    public String origin() {
        return className() + " (from " + source + ")";
    }
}
