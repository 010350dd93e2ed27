package org.nnj.onnx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.PluginException;
import org.nnj.api.PluginRef;
import org.nnj.api.Shape;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Network;
import org.nnj.core.Stage;
import org.nnj.core.registry.PluginInfo;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.internal.AtomicFile;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecWriter;
import org.nnj.onnx.proto.OnnxProto.GraphProto;
import org.nnj.onnx.proto.OnnxProto.ModelProto;
import org.nnj.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.nnj.onnx.proto.OnnxProto.StringStringEntryProto;
import org.nnj.onnx.proto.OnnxProto.TensorProto;
import org.nnj.onnx.proto.OnnxProto.TensorShapeProto;
import org.nnj.onnx.proto.OnnxProto.TypeProto;
import org.nnj.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Writes a trained network as an ONNX model that takes raw features: the model's input scaling becomes a
 * {@code Sub} and a {@code Mul} in front, then every layer and activation adds the operators its plugin's
 * {@link OnnxExportable#exportOnnx} writes (dense: {@code Gemm}; conv2d: {@code Conv}; pooling: {@code MaxPool},
 * {@code AveragePool}, {@code GlobalAveragePool}; batch_norm: {@code BatchNormalization} with the running statistics;
 * dropout: nothing; each built-in activation its operator or a small composition). A layer or activation whose plugin does not implement {@link OnnxExportable}
 * makes the export fail naming the plugin, its class and its jar.
 *
 * <p>The file: IR version {@value #IR_VERSION}, default-domain opset {@value #OPSET} (ONNX 1.10 and later, ONNX
 * Runtime 1.9 and later read it), float32 throughout (a float64 network is rounded to float32), input
 * {@code "input"} of shape {@code [N, inputs]} for a flat input and {@code [N, C, H, W]} (ONNX's NCHW) for an image
 * (generally {@code [N]} followed by the spec's input shape), output {@code "output"} of shape
 * {@code [N, outputs]} (likewise), initializers
 * named after nnj's tensors ({@code layers.0.weight}). {@code metadata_props} holds {@code nnj.format}
 * ({@value #FORMAT}), {@code nnj.spec} (the spec JSON), the model metadata's entries under {@code nnj.}
 * ({@code nnj.classes}, {@code nnj.features}, {@code nnj.scaler}, ...) and {@code nnj.checksum}: a SHA-256 over the whole
 * file but itself ({@link #checksum}), which {@link OnnxImport} checks. Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class OnnxExport {
    /** The IR version written: ONNX 1.10's, which Debian's python3-onnx 1.12 and every current runtime accept. */
    public static final int IR_VERSION = 8;
    /** The default-domain operator set written. */
    public static final int OPSET = 13;
    /** The {@code nnj.format} value of files nnj writes. */
    public static final String FORMAT = "nnj-onnx-1";
    static final String PREFIX = "nnj.";
    static final String KEY_FORMAT = PREFIX + "format";
    static final String KEY_SPEC = PREFIX + "spec";
    static final String KEY_CHECKSUM = PREFIX + "checksum";
    /** What stands for the checksum while it is computed: 64 zeros. */
    static final String UNSET = "0".repeat(64);
    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private OnnxExport() {
    }

    /** {@link #save(Path, Network, ModelSpec, ModelMetadata, PluginRegistry)} of a loaded model. */
    public static void save(Path file, LoadedModel model, PluginRegistry registry) {
        save(file, model.network(), model.spec(), model.metadata(), registry);
    }

    /**
     * Writes the ONNX model of {@code network} to {@code file}, atomically (a temporary file renamed over it).
     *
     * @throws PluginException naming the layer or activation whose plugin has no ONNX mapping, or whose mapping
     *                         failed
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void save(Path file, Network network, ModelSpec spec, ModelMetadata metadata,
                            PluginRegistry registry) {
        Objects.requireNonNull(file, "file");
        byte[] bytes = toModel(network, spec, metadata, registry).toByteArray();
        AtomicFile.write(file, "ONNX file", out -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.write(b);
            }
        });
    }

    /** The ONNX model of {@code network}, as {@link #save} writes it. */
    public static byte[] toBytes(Network network, ModelSpec spec, ModelMetadata metadata, PluginRegistry registry) {
        return toModel(network, spec, metadata, registry).toByteArray();
    }

    static ModelProto toModel(Network network, ModelSpec spec, ModelMetadata metadata, PluginRegistry registry) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(registry, "registry");
        String mismatch = metadata.mismatch(network);
        if (mismatch != null) {
            throw new IllegalArgumentException("the metadata does not fit the network: " + mismatch);
        }
        ModelSpec saved = spec.withNetwork(network.spec());
        GraphProto.Builder g = GraphProto.newBuilder().setName(spec.name());
        GraphBuilder b = new GraphBuilder(g, OPSET, INPUT, OUTPUT);
        String x = INPUT;
        if (metadata.scaler().isPresent() && metadata.scaler().get().affine().isPresent()) {
            double[][] a = metadata.scaler().get().affine().get();
            b.prefix("scaler.");
            long[] dims = dims(network.inputShape());
            x = b.node("Sub", List.of(x, b.constant("shift", a[0], dims)), Map.of());
            x = b.node("Mul", List.of(x, b.constant("factor", a[1], dims)), Map.of());
        }
        Map<Integer, List<Mat>> params = new LinkedHashMap<>();
        for (NamedTensor t : network.namedState()) { // parameters, then buffers (batch norm's running statistics)
            String name = t.name();
            int layer = Integer.parseInt(name.substring("layers.".length(), name.indexOf('.', "layers.".length())));
            params.computeIfAbsent(layer, k -> new ArrayList<>()).add(t.value());
        }
        Shape shape = network.inputShape();
        for (Stage s : network.stages()) {
            int i = s.layerIndex();
            Object plugin;
            PluginRef ref = network.spec().layers().get(i);
            String kind;
            if (s.isActivation()) {
                plugin = s.activation();
                kind = "activation";
                b.prefix("layers." + i + ".activation.");
            } else {
                plugin = registry.create(PluginKind.LAYER, ref, "layers[" + i + "]");
                kind = "layer";
                b.prefix("layers." + i + ".");
            }
            String name = ((org.nnj.api.spi.Plugin<?>) plugin).name();
            if (!(plugin instanceof OnnxExportable e)) {
                throw new PluginException(s.where() + ": the " + kind + " plugin \"" + name + "\" ("
                        + describe(registry, s.isActivation() ? PluginKind.ACTIVATION : PluginKind.LAYER, name,
                        plugin) + ") has no ONNX mapping: it does not implement " + OnnxExportable.class.getName()
                        + ", so the network cannot be exported to ONNX");
            }
            String out;
            try {
                out = e.exportOnnx(b, x, shape, s.outputShape(),
                        s.isActivation() ? List.of() : params.getOrDefault(i, List.of()));
            } catch (RuntimeException ex) {
                throw new PluginException(s.where() + ": the ONNX mapping of the " + kind + " plugin \"" + name
                        + "\" (" + plugin.getClass().getName() + ") failed: " + ex.getMessage(), ex);
            }
            if (out == null || !b.known(out) || out.equals(OUTPUT)) {
                throw new PluginException(s.where() + ": the ONNX mapping of the " + kind + " plugin \"" + name
                        + "\" (" + plugin.getClass().getName() + ") returned \"" + out + "\", which is no tensor "
                        + "of the graph; expected the name its last node() call returned");
            }
            x = out;
            shape = s.outputShape();
        }
        b.identity(x, OUTPUT);
        g.addInput(value(INPUT, network.inputShape()));
        g.addOutput(value(OUTPUT, network.outputShape()));
        GraphProto graph = g.build();
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("nnj")
                .setProducerVersion(OnnxExport.class.getPackage().getImplementationVersion() == null ? "0.1.0-SNAPSHOT"
                        : OnnxExport.class.getPackage().getImplementationVersion())
                .setDocString(spec.description())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(KEY_FORMAT, FORMAT);
        props.put(KEY_SPEC, SpecWriter.toCompactJson(saved));
        metadata.toEntries().forEach((k, v) -> props.put(PREFIX + k, v));
        props.put(KEY_CHECKSUM, UNSET);
        props.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        int at = m.getMetadataPropsCount() - 1;
        m.setMetadataProps(at, m.getMetadataProps(at).toBuilder().setValue(checksum(m.build())));
        return m.build();
    }

    private static String describe(PluginRegistry registry, PluginKind<?> kind, String name, Object plugin) {
        try {
            PluginInfo info = registry.info(kind, name, "");
            return info.origin();
        } catch (RuntimeException e) {
            return plugin.getClass().getName();
        }
    }

    /** A float tensor {@code [N, shape...]}. */
    private static ValueInfoProto value(String name, Shape shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims(shape)) {
            dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dims))).build();
    }

    private static long[] dims(Shape shape) {
        long[] d = new long[shape.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = shape.dim(i);
        }
        return d;
    }

    /**
     * The SHA-256, lowercase hex, of the model serialized with the value of its {@code nnj.checksum} entry set to
     * {@link #UNSET}: it covers every byte of the file but the checksum's own.
     */
    static String checksum(ModelProto model) {
        ModelProto.Builder b = model.toBuilder();
        for (int i = 0; i < b.getMetadataPropsCount(); i++) {
            if (b.getMetadataProps(i).getKey().equals(KEY_CHECKSUM)) {
                b.setMetadataProps(i, b.getMetadataProps(i).toBuilder().setValue(UNSET));
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.build().toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
