package org.nnj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Plugin;
import org.nnj.api.spi.PluginKind;

/**
 * Plugins named in a test (a layer's activation and initializer, a golden file's layers), found on the test's
 * class path through {@link ServiceLoader} by name or alias, as the core's registry finds them, and configured
 * from a {@link PluginRef}'s raw parameters with {@link Config#resolve}. The kit stays independent of the core,
 * so that the core can test itself against the real plugins.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class ClassPathPlugins {
    private ClassPathPlugins() {
    }

    /**
     * The plugin of {@code kind} that {@code ref} names, configured with its parameters.
     *
     * @param path where the reference was written, for messages
     * @throws ConfigException naming the plugins of that kind on the class path when none answers to the name, or
     *                         the parameter that was refused
     */
    public static <T extends Plugin<T>> T create(PluginKind<T> kind, PluginRef ref, String path) {
        String name = ref.name().toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        for (T plugin : ServiceLoader.load(kind.type(), ClassPathPlugins.class.getClassLoader())) {
            if (plugin.name().equals(name) || plugin.aliases().contains(name)) {
                return plugin.configure(Config.resolve(path, plugin.parameters(), ref.params()));
            }
            known.add(plugin.name());
        }
        throw new ConfigException(path, "unknown " + kind + " \"" + ref.name() + "\" on the test class path; known: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
