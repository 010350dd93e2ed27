package org.nnj.io;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nnj.api.ConfigException;
import org.nnj.api.NnException;
import org.nnj.api.Precision;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.ParamShape;
import org.nnj.api.spi.Plugin;
import org.nnj.api.spi.PluginKind;
import org.nnj.api.spi.PluginRef;
import org.nnj.core.NetworkSpec;
import org.nnj.core.TrainingSpec;
import org.nnj.core.math.CpuMatOps;
import org.nnj.core.registry.PluginRegistry;

/**
 * Checks a spec against the installed plugins without building anything big: every plugin reference (including
 * plugins named inside other plugins' parameters, such as a dense layer's activation) resolves and its parameters
 * are valid, and a dry run of the layers ({@link #plan}) gives the parameter tensors the network would have, so a
 * spec asking for more memory than the JVM has fails with a message instead of an {@link OutOfMemoryError}.
 */
final class SpecChecker {
    /** The largest parameter count a network may have: one Java array. */
    static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    /** One parameter tensor the network will have, named as {@code Network.namedParameters()} names it. */
    record Expected(String name, int rows, int cols) {
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

    private static PluginKind<?> kindNamed(String name) {
        for (PluginKind<?> k : PluginKind.all()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The parameter tensors the network of {@code n} will have, found by building each layer's runtime (which
     * allocates nothing) and asking for its parameter shapes.
     *
     * @throws ConfigException for impossible widths or a network too large for this JVM
     */
    List<Expected> plan(NetworkSpec n) {
        List<Expected> out = new ArrayList<>();
        long total = 0;
        int width = n.inputSize();
        for (int i = 0; i < n.layers().size(); i++) {
            String path = "layers[" + i + "]";
            Layer layer = resolve(PluginKind.LAYER, n.layers().get(i), path);
            int in = width;
            String what = "layer \"" + layer.name() + "\"";
            int outWidth = guarded(path, what, () -> layer.outputSize(in));
            if (outWidth <= 0) {
                throw new ConfigException(path, what + " would have " + outWidth + " outputs for " + in
                        + " inputs; expected at least 1");
            }
            Activation act = guarded(path, what, () -> layer.activation()).map(
                    r -> resolve(PluginKind.ACTIVATION, r, path + ".activation")).orElse(null);
            DryContext ctx = new DryContext(in, n.precision(), path, act);
            LayerRuntime rt = guarded(path, what, () -> layer.build(ctx));
            List<ParamShape> shapes = guarded(path, what, rt::parameters);
            for (ParamShape s : shapes) {
                Expected e = new Expected("layers." + i + "." + s.name(), s.rows(), s.cols());
                out.add(e);
                total += e.size();
                if (total > MAX_PARAMETERS) {
                    throw new ConfigException(path, "the network would have more than " + MAX_PARAMETERS
                            + " parameters (the most one Java array holds) at this layer");
                }
            }
            width = outWidth;
        }
        long bytes = 2 * total * (n.precision() == Precision.FLOAT32 ? 4 : 8);
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max / 2) {
            throw new ConfigException("layers", "the network would have " + total + " parameters, "
                    + (bytes >> 20) + " MB with their gradients; this JVM may use at most " + (max >> 20)
                    + " MB (-Xmx), so at most half of that for parameters");
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

    /** What a layer sees while the plan is made: the same plugins, no parameters yet. */
    private final class DryContext implements BuildContext {
        private final int inputSize;
        private final Precision precision;
        private final String path;
        private final Activation following;

        DryContext(int inputSize, Precision precision, String path, Activation following) {
            this.inputSize = inputSize;
            this.precision = precision;
            this.path = path;
            this.following = following;
        }

        @Override
        public int inputSize() {
            return inputSize;
        }

        @Override
        public Precision precision() {
            return precision;
        }

        @Override
        public MatOps ops() {
            return CpuMatOps.INSTANCE;
        }

        @Override
        public Activation activation(PluginRef ref) {
            return resolve(PluginKind.ACTIVATION, ref, path + ".activation");
        }

        @Override
        public Initializer initializer(PluginRef refOrNull) {
            PluginRef ref = refOrNull != null ? refOrNull
                    : PluginRef.of(following != null ? following.defaultInitializer() : "xavier_uniform");
            return resolve(PluginKind.INITIALIZER, ref, path + ".initializer");
        }

        @Override
        public RandomGenerator trainingRandom() {
            return new SplittableRandom(0);
        }

        @Override
        public String path() {
            return path;
        }
    }
}
