package org.nnj.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.ModelFormatException;
import org.nnj.api.NamedTensor;
import org.nnj.core.Network;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.internal.AtomicFile;

/**
 * Model files: one safetensors file holding a network's parameters, its spec and its metadata, readable from
 * Python (the {@code safetensors} package, or the 20-line reader {@code nn-io/tools/read_model.py}).
 *
 * <p>Layout: tensors named as {@link Network#namedState()} names them: the parameters ({@code layers.0.weight},
 * shape {@code [units, inputs]}; {@code layers.0.bias}, shape {@code [1, units]}) then the layers' buffers
 * ({@code layers.1.running_mean}), dtype F32 or F64 after the
 * network's precision, and a {@code __metadata__} map with {@code "format": "nnj-model"},
 * {@code "format_version": "1"}, {@code "spec"} (the {@link SpecWriter} JSON), optional {@code "classes"} and
 * {@code "features"} (JSON lists of names), {@code "scaler"} ({@code {"name": ..., "statistics": {...}}}),
 * {@code "extra.<key>"} entries, and a SHA-256 {@code "checksum"} over all of that and the data (see
 * {@code Safetensors}). Example header:
 * <pre>{@code
 * {"__metadata__": {"format": "nnj-model", "format_version": "1", "spec": "{\"name\":\"iris\",...}",
 *                   "classes": "[\"setosa\",\"versicolor\",\"virginica\"]", "checksum": "3f5a..."},
 *  "layers.0.weight": {"dtype": "F32", "shape": [16, 4], "data_offsets": [0, 256]},
 *  "layers.0.bias": {"dtype": "F32", "shape": [1, 16], "data_offsets": [256, 320]}, ...}
 * }</pre>
 *
 * <p>Saving is atomic (see {@link #save}); loading treats the file as untrusted (see {@link #load}). Never Java
 * serialization. Stateless and thread-safe.
 */
@API(status = API.Status.STABLE)
public final class ModelFile {
    /** The {@code format} metadata value of model files. */
    public static final String FORMAT = "nnj-model";
    static final String SPEC = "spec";

    private ModelFile() {
    }

    /**
     * Saves {@code network} with its spec and metadata, atomically: into a temporary file in the same directory,
     * forced to the device, then renamed over {@code file}. If anything fails, the temporary file is deleted and
     * an existing {@code file} is left exactly as it was.
     *
     * @param spec the spec {@code network} was built from ({@code spec.network()} must describe it); its JSON is
     *             stored as written by {@link SpecWriter} (plugin parameters as given, defaults implicit)
     * @throws IllegalArgumentException if the spec or the metadata does not fit the network
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void save(Path file, Network network, ModelSpec spec, ModelMetadata metadata) {
        Objects.requireNonNull(file, "file");
        Map<String, String> meta = entries(FORMAT, network, spec, metadata);
        List<NamedTensor> tensors = network.namedState();
        AtomicFile.write(file, "model file", out -> Safetensors.write(out, meta, tensors));
    }

    /** The metadata entries common to models and checkpoints, after checking that they fit the network. */
    static Map<String, String> entries(String format, Network network, ModelSpec spec, ModelMetadata metadata) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(metadata, "metadata");
        if (!spec.withNetwork(network.spec()).network().equals(spec.network())) {
            throw new IllegalArgumentException("the spec describes another network than the one given: spec "
                    + spec.network() + ", network " + network.spec() + "; pass spec.withNetwork(network.spec())");
        }
        String mismatch = metadata.mismatch(network);
        if (mismatch != null) {
            throw new IllegalArgumentException("the metadata does not fit the network: " + mismatch);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(Safetensors.FORMAT, format);
        meta.put(Safetensors.VERSION, Safetensors.CURRENT_VERSION);
        meta.put(SPEC, SpecWriter.toCompactJson(spec));
        meta.putAll(metadata.toEntries());
        return meta;
    }

    /**
     * Loads a model file, checking it as untrusted input before allocating anything for its tensors: the header
     * length against the file size and a 100 MB cap; every tensor's dtype, shape and offsets (inside the data,
     * contiguous, not overlapping, sized as shape times dtype); the format and version; the checksum; the spec
     * (which must only name installed plugins); and that the tensors are exactly the ones the spec's network has,
     * with the same shapes and precision. Then the network is built and its parameters read in bulk.
     *
     * @throws ModelFormatException naming the file and what was expected and found, for any problem, including
     *                              a spec naming a plugin that is not installed (the message lists the installed
     *                              plugins of that kind; the {@link ConfigException} is the cause)
     */
    public static LoadedModel load(Path file, PluginRegistry registry) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(registry, "registry");
        String f = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Safetensors.Header h = Safetensors.open(ch, f, FORMAT, Checkpoint.FORMAT,
                    "it is a training checkpoint: load it with Checkpoint.load");
            Opened o = openNetwork(h, f, registry, (spec, count, buffers) -> Map.of());
            readParameters(ch, h, o.network(), f);
            return new LoadedModel(o.network(), o.spec(), o.metadata());
        } catch (IOException e) {
            throw new ModelFormatException(f + ": cannot read the file: " + e, e);
        }
    }

    /** The tensors a file holds besides the network's parameters and buffers (a checkpoint's optimizer state). */
    @FunctionalInterface
    interface Others {
        Map<String, Safetensors.Tensor> apply(ModelSpec spec, int parameterCount, int bufferCount);
    }

    /** The network, spec and metadata of an opened file, parameters not yet read. */
    record Opened(Network network, ModelSpec spec, ModelMetadata metadata) {
    }

    /**
     * Reads the spec and metadata, checks that the file holds exactly the network's parameters plus
     * {@code others}, and builds the network.
     */
    static Opened openNetwork(Safetensors.Header h, String f, PluginRegistry registry, Others others) {
        String json = h.metadata().get(SPEC);
        if (json == null) {
            throw new ModelFormatException(f + ": the metadata has no \"spec\" entry");
        }
        ModelSpec spec;
        List<SpecChecker.Expected> plan;
        try {
            spec = new SpecReader(registry).read(json, f + " (its spec)");
            plan = new SpecChecker(registry).plan(spec.network());
        } catch (ConfigException e) {
            throw new ModelFormatException(f + ": the spec saved in the file cannot be used with the installed "
                    + "plugins: " + e.getMessage(), e);
        }
        ModelMetadata metadata = ModelMetadata.fromEntries(h.metadata(), f);
        Safetensors.Dtype dtype = Safetensors.Dtype.of(spec.network().precision());
        Map<String, Safetensors.Tensor> expected = new LinkedHashMap<>();
        for (SpecChecker.Expected e : plan) {
            expected.put(e.name(), new Safetensors.Tensor(e.name(), dtype, e.rows(), e.cols(), 0, 0));
        }
        long count = plan.stream().filter(e -> !e.buffer()).mapToLong(SpecChecker.Expected::size).sum();
        long buffers = plan.stream().filter(SpecChecker.Expected::buffer).mapToLong(SpecChecker.Expected::size).sum();
        try {
            expected.putAll(others.apply(spec, (int) count, (int) buffers));
        } catch (ConfigException e) {
            throw new ModelFormatException(f + ": the spec saved in the file cannot be used with the installed "
                    + "plugins: " + e.getMessage(), e);
        }
        Safetensors.requireTensors(h, expected, f);
        Network net;
        try {
            net = Network.build(spec.network(), registry);
        } catch (ConfigException e) {
            throw new ModelFormatException(f + ": cannot build the network of the saved spec: " + e.getMessage(), e);
        }
        if (net.namedState().size() != plan.size()) {
            throw new ModelFormatException(f + ": the network has " + net.namedState().size()
                    + " parameter and buffer tensors, the plan " + plan.size()
                    + " (a layer plugin behaves inconsistently)");
        }
        for (int i = 0; i < plan.size(); i++) {
            NamedTensor p = net.namedState().get(i);
            SpecChecker.Expected e = plan.get(i);
            if (!p.name().equals(e.name()) || p.value().rows() != e.rows() || p.value().cols() != e.cols()) {
                throw new ModelFormatException(f + ": the network's parameter " + p.name() + " (" + p.value().rows()
                        + " x " + p.value().cols() + ") differs from the planned " + e
                        + " (a layer plugin behaves inconsistently)");
            }
        }
        String mismatch = metadata.mismatch(net);
        if (mismatch != null) {
            throw new ModelFormatException(f + ": the metadata does not fit the network: " + mismatch);
        }
        return new Opened(net, spec, metadata);
    }

    static void readParameters(FileChannel ch, Safetensors.Header h, Network net, String f) throws IOException {
        for (NamedTensor p : net.namedState()) {
            Safetensors.readInto(ch, h, h.tensors().get(p.name()), p.value(), f);
        }
    }
}
