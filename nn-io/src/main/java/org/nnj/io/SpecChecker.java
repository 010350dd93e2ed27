package org.nnj.io;

import java.util.ArrayList;
import java.util.List;
import org.nnj.api.ConfigException;
import org.nnj.api.NnException;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Plugin;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.core.TrainingSpec;
import org.nnj.core.registry.PluginRegistry;

/**
 * Checks a spec against the installed plugins without building anything big: every plugin reference (including
 * plugins named inside other plugins' parameters, such as a dense layer's activation) resolves and its parameters
 * are valid, and a dry run of the layers ({@link #plan}) gives the parameter tensors the network would have, so a
 * spec asking for more memory than the JVM has fails with a message instead of an {@link OutOfMemoryError}.
 */
final class SpecChecker {
    /** The largest parameter count a network may have: one Java array. */
    static final long MAX_PARAMETERS = Network.MAX_PARAMETERS;

    /** One parameter or buffer tensor the network will have, named as {@code Network.namedState()} names it. */
    record Expected(String name, int rows, int cols, boolean buffer) {
        long size() {
            return (long) rows * cols;
        }

        @Override
        public String toString() {
            return name + " (" + rows + " x " + cols + ")";
        }
    }

    private final PluginRegistry registry;

    SpecChecker(PluginRegistry registry) {
        this.registry = registry;
    }

    /** Checks every plugin of {@code spec} and the sizes of its network. */
    void check(ModelSpec spec) {
        NetworkSpec n = spec.network();
        TrainingSpec t = spec.training();
        requireInstalled(spec);
        for (int i = 0; i < n.layers().size(); i++) {
            resolve(PluginKind.LAYER, n.layers().get(i), "layers[" + i + "]");
        }
        resolve(PluginKind.LOSS, n.loss(), "loss");
        resolve(PluginKind.OPTIMIZER, t.optimizer(), "optimizer");
        if (t.schedule() != null) {
            resolve(PluginKind.SCHEDULE, t.schedule(), "training.schedule");
        }
        plan(n);
    }

    /**
     * A configured plugin, with every plugin named in its parameters resolved too.
     *
     * @throws ConfigException naming {@code path} for an unknown name, a bad parameter, or a plugin that rejects
     *                         its configuration in any other way
     */
    <T extends Plugin<T>> T resolve(PluginKind<T> kind, PluginRef ref, String path) {
        T plugin = guarded(path, kind + " \"" + ref.name() + "\"", () -> registry.create(kind, ref, path));
        Config config = Config.resolve(path, plugin.parameters(), ref.params());
        for (Param p : plugin.parameters()) {
            if (p.type() == Param.Type.PLUGIN && config.has(p.name())) {
                PluginKind<?> nested = kindNamed(p.pluginKind());
                if (nested != null) {
                    resolve(nested, config.plugin(p.name()), path + "." + p.name());
                }
            }
        }
        return plugin;
    }

    /**
     * Fails listing every plugin the spec names that is not installed, when there are several (one alone fails in
     * {@link #resolve}, listing the installed plugins of its kind), so a user adds all the missing jars at once.
     */
    private void requireInstalled(ModelSpec spec) {
        List<String> missing = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<PluginKind<?>> missingKinds = new ArrayList<>();
        NetworkSpec n = spec.network();
        for (int i = 0; i < n.layers().size(); i++) {
            collectMissing(PluginKind.LAYER, n.layers().get(i), "layers[" + i + "]", missing, paths, missingKinds);
        }
        collectMissing(PluginKind.LOSS, n.loss(), "loss", missing, paths, missingKinds);
        collectMissing(PluginKind.OPTIMIZER, spec.training().optimizer(), "optimizer", missing, paths, missingKinds);
        if (spec.training().schedule() != null) {
            collectMissing(PluginKind.SCHEDULE, spec.training().schedule(), "training.schedule", missing, paths,
                    missingKinds);
        }
        if (missing.size() > 1) {
            java.util.Set<PluginKind<?>> kinds = new java.util.LinkedHashSet<>(missingKinds);
            List<String> installed = new ArrayList<>();
            for (PluginKind<?> k : kinds) {
                List<String> names = registry.names(k);
                installed.add(k + ": " + (names.isEmpty() ? "none installed" : String.join(", ", names)));
            }
            throw new ConfigException(paths.get(0), "the spec needs " + missing.size() + " plugins that are not "
                    + "installed: " + String.join(", ", missing) + "; installed: " + String.join("; ", installed)
                    + ". Add the jars that hold them (nn --plugin-path, or the class path)");
        }
    }

    private void collectMissing(PluginKind<?> kind, PluginRef ref, String path, List<String> missing,
                                List<String> paths, List<PluginKind<?>> missingKinds) {
        if (!registry.has(kind, ref.name())) {
            missing.add(path + ": " + kind + " \"" + ref.name() + "\"");
            missingKinds.add(kind);
            paths.add(path);
            return;
        }
        Config config;
        List<Param> params;
        try {
            params = registry.create(kind, ref, path).parameters();
            config = Config.resolve(path, params, ref.params());
        } catch (RuntimeException e) {
            return; // reported by resolve, naming the path
        }
        for (Param p : params) {
            if (p.type() == Param.Type.PLUGIN && config.has(p.name())) {
                PluginKind<?> nested = kindNamed(p.pluginKind());
                if (nested != null) {
                    collectMissing(nested, config.plugin(p.name()), path + "." + p.name(), missing, paths,
                            missingKinds);
                }
            }
        }
    }

    private static PluginKind<?> kindNamed(String name) {
        for (PluginKind<?> k : PluginKind.all()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The parameter tensors the network of {@code n} will have ({@link Network#plan}: every layer's runtime is
     * built, which allocates no parameter storage, and widths, totals and memory are checked).
     *
     * @throws ConfigException for impossible widths or a network too large for this JVM
     */
    List<Expected> plan(NetworkSpec n) {
        List<Expected> out = new ArrayList<>();
        for (Network.PlannedTensor t : Network.plan(n, registry)) {
            out.add(new Expected(t.name(), t.rows(), t.cols(), t.buffer()));
        }
        return out;
    }

    /** Runs plugin code, turning any exception other than nnj's own into a ConfigException at {@code path}. */
    private static <V> V guarded(String path, String what, java.util.function.Supplier<V> call) {
        try {
            return call.get();
        } catch (NnException e) {
            throw e;
        } catch (RuntimeException e) {
            ConfigException c = new ConfigException(path, what + " rejected its configuration: " + e);
            c.initCause(e);
            throw c;
        }
    }
}
