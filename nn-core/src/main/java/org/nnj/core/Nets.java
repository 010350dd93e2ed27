package org.nnj.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.registry.PluginRegistry;

/**
 * The facade for users who never touch Guice: assemble, train and evaluate a network in a few lines.
 *
 * <pre>{@code
 * Network net = Nets.network(4)
 *         .dense(16, "tanh")
 *         .dense(3, "softmax")
 *         .loss("categorical_crossentropy")
 *         .seed(42)
 *         .build();
 * Nets.train(net).optimizer("adam", "lr", 0.01).epochs(100).batchSize(16).fit(trainX, trainY);
 * Evaluation test = net.evaluate(testX, testY);
 * }</pre>
 *
 * Every name is looked up among the installed plugins ({@link PluginRegistry#discover()}, done once and shared);
 * {@code dense(...)} is shorthand for {@code layer("dense", "units", n, "activation", name)}.
 */
@API(status = API.Status.STABLE)
public final class Nets {
    private static volatile PluginRegistry shared;

    private Nets() {
    }

    /** The plugins on the class path, discovered on first use. */
    public static PluginRegistry registry() {
        PluginRegistry r = shared;
        if (r == null) {
            synchronized (Nets.class) {
                r = shared;
                if (r == null) {
                    r = PluginRegistry.discover();
                    shared = r;
                }
            }
        }
        return r;
    }

    /** Starts a network whose input has {@code inputSize} features. */
    public static NetworkBuilder network(int inputSize) {
        if (inputSize <= 0) {
            throw new org.nnj.api.ConfigException("input", "the input size must be a positive number of features, got "
                    + inputSize);
        }
        return new NetworkBuilder(org.nnj.api.Shape.flat(inputSize));
    }

    /**
     * Starts a network whose input samples have the given shape, e.g. {@code network(1, 28, 28)} for one-channel
     * 28 x 28 images (channels x height x width).
     */
    public static NetworkBuilder network(int first, int... more) {
        int[] dims = new int[more.length + 1];
        dims[0] = first;
        System.arraycopy(more, 0, dims, 1, more.length);
        for (int d : dims) {
            if (d <= 0) {
                throw new org.nnj.api.ConfigException("input", "every dimension of the input shape must be positive, got "
                        + java.util.Arrays.toString(dims));
            }
        }
        return new NetworkBuilder(org.nnj.api.Shape.of(dims));
    }

    /** Starts the training options of {@code net}; optimizer and schedule names are looked up in its registry. */
    public static Fit train(Network net) {
        return new Fit(net, net.registry());
    }

    /** Pairs of key and value as a parameter map: {@code params("lr", 0.01, "momentum", 0.9)}. */
    static Map<String, Object> params(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected key/value pairs, got an odd number of arguments ("
                    + keyValues.length + ")");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!(keyValues[i] instanceof String key)) {
                throw new IllegalArgumentException("argument " + i + " must be a parameter name, got " + keyValues[i]);
            }
            m.put(key, keyValues[i + 1]);
        }
        return m;
    }

    /** Assembles a {@link NetworkSpec} and builds the network. */
    public static final class NetworkBuilder {
        private final org.nnj.api.Shape inputShape;
        private final List<PluginRef> layers = new ArrayList<>();
        private PluginRef loss = PluginRef.of("mse");
        private Precision precision = Precision.FLOAT32;
        private long seed = 42;
        private PluginRegistry registry;
        private PluginRef backend;

        private NetworkBuilder(org.nnj.api.Shape inputShape) {
            this.inputShape = inputShape;
        }

        /** Adds layer plugin {@code name} with parameters given as key/value pairs. */
        public NetworkBuilder layer(String name, Object... keyValues) {
            layers.add(PluginRef.of(Objects.requireNonNull(name, "name"), params(keyValues)));
            return this;
        }

        /** Adds a fully connected layer of {@code units} followed by {@code activation}. */
        public NetworkBuilder dense(int units, String activation) {
            return layer("dense", "units", units, "activation", activation);
        }

        public NetworkBuilder loss(String name, Object... keyValues) {
            loss = PluginRef.of(name, params(keyValues));
            return this;
        }

        public NetworkBuilder precision(Precision precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /** Seeds the initial weights (default 42). */
        public NetworkBuilder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Runs the matrix products on backend plugin {@code name} (for example {@code "openblas"} from nn-blas),
         * with parameters as key/value pairs; the default is the framework's own kernels.
         */
        public NetworkBuilder backend(String name, Object... keyValues) {
            return backend(PluginRef.of(Objects.requireNonNull(name, "name"), params(keyValues)));
        }

        /** {@link #backend(String, Object...)} by reference; null for the built-in kernels. */
        public NetworkBuilder backend(PluginRef backend) {
            this.backend = backend;
            return this;
        }

        /** Uses these plugins instead of the discovered ones. */
        public NetworkBuilder registry(PluginRegistry registry) {
            this.registry = registry;
            return this;
        }

        public NetworkSpec spec() {
            return new NetworkSpec(inputShape, layers, loss, precision, seed);
        }

        public Network build() {
            return Network.build(spec(), registry != null ? registry : Nets.registry(), backend);
        }
    }

    /** Training options by plugin name, then {@link #fit}. */
    public static final class Fit {
        private final Network net;
        private final PluginRegistry registry;
        private PluginRef optimizer = PluginRef.of("sgd");
        private PluginRef schedule;
        private int epochs = 10;
        private int batchSize = 32;
        private Long seed;
        private Mat vx;
        private Mat vy;
        private double validationSplit;
        private double clipValue;
        private double clipNorm;
        private EarlyStopping earlyStopping;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Fit(Network net, PluginRegistry registry) {
            this.net = Objects.requireNonNull(net, "net");
            this.registry = registry;
        }

        public Fit optimizer(String name, Object... keyValues) {
            optimizer = PluginRef.of(name, params(keyValues));
            return this;
        }

        public Fit schedule(String name, Object... keyValues) {
            schedule = PluginRef.of(name, params(keyValues));
            return this;
        }

        public Fit epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Fit batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Seed of the shuffles (default: the network's seed). */
        public Fit seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Fit validation(Mat x, Mat y) {
            vx = x;
            vy = y;
            return this;
        }

        /** Holds out this fraction of the training rows for validation when no validation set is given. */
        public Fit validationSplit(double fraction) {
            this.validationSplit = fraction;
            return this;
        }

        /** Clamps every gradient element to [-limit, limit]. */
        public Fit clipValue(double limit) {
            this.clipValue = limit;
            return this;
        }

        /** Rescales the whole gradient to at most this L2 norm. */
        public Fit clipNorm(double maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        public Fit earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        public Fit listener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        public TrainingOptions options() {
            TrainingOptions.Builder b = TrainingOptions.builder(registry.create(PluginKind.OPTIMIZER, optimizer, "optimizer"))
                    .epochs(epochs).batchSize(batchSize).seed(seed != null ? seed : net.spec().seed())
                    .earlyStopping(earlyStopping).validationSplit(validationSplit).clipValue(clipValue)
                    .clipNorm(clipNorm);
            if (schedule != null) {
                b.schedule(registry.create(PluginKind.SCHEDULE, schedule, "training.schedule"));
            }
            if (vx != null) {
                b.validation(vx, vy);
            }
            listeners.forEach(b::listener);
            return b.build();
        }

        public TrainingResult fit(Mat x, Mat y) {
            return new Trainer(net, options()).fit(x, y);
        }
    }
}
