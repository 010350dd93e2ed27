package org.nnj.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.ModelFormatException;
import org.nnj.api.NamedTensor;
import org.nnj.api.PluginRef;
import org.nnj.core.Network;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;
import org.nnj.onnx.proto.OnnxProto.GraphProto;
import org.nnj.onnx.proto.OnnxProto.ModelProto;
import org.nnj.onnx.proto.OnnxProto.NodeProto;
import org.nnj.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.nnj.onnx.proto.OnnxProto.StringStringEntryProto;
import org.nnj.onnx.proto.OnnxProto.TensorProto;
import org.nnj.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Reads an ONNX model into an nnj network that can be evaluated, fine-tuned and saved.
 *
 * <p>Two kinds of file are read. A file nnj wrote ({@link OnnxExport}; {@code nnj.format} in its metadata) is
 * rebuilt from the spec it carries, after its {@code nnj.checksum} (over the whole file) is checked, with the weights of its
 * initializers (and buffers: batch norm's running statistics); the metadata (classes, features, scaler) comes back
 * too. Any other file must be an MLP or a CNN as {@code torch.onnx.export} writes one: a chain from one float input
 * {@code [N, features]} or {@code [N, C, H, W]} to one output through {@link #SUPPORTED}: {@code Gemm} (or
 * {@code MatMul} then an {@code Add} of the bias) for each dense layer, {@code Conv} for conv2d, {@code MaxPool},
 * {@code AveragePool} (with the {@code Pad} of zeros torch writes before a padded one; kernels, strides, dilations
 * and pads per axis, each axis padded alike before and after, or as "same" does), {@code GlobalAveragePool},
 * {@code BatchNormalization} (inference form, its running statistics as buffers), {@code Flatten} or a
 * {@code Reshape} to a constant shape that flattens, at most one activation after each dense or conv2d layer
 * ({@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code Softmax} of {@code [N, features]}, {@code LeakyRelu},
 * {@code Elu}, {@code Selu} with its standard constants, {@code Softplus}), and {@code Identity} and
 * {@code Dropout}, which compute nothing at inference. Anything else fails naming the operator, the node and what is
 * supported. The network is float32; its loss is
 * categorical cross-entropy after a softmax, binary cross-entropy after a single sigmoid output, else MSE, unless
 * one is given.
 *
 * <p>The file is untrusted input: its size is checked against {@link #MAX_FILE_BYTES} and the heap before it is
 * read; protobuf checks every length against the bytes there are; every tensor's data type, dimensions
 * (non-negative, product within an int) and data length are checked before anything of that size is allocated;
 * every window attribute (kernel, strides, pads, dilations) is range-checked and the window tables and activations
 * the layers will need are held to an eighth of the heap before nnj builds them;
 * and since protobuf has no end marker (a file cut at a field boundary still parses), the graph itself is checked:
 * every node's inputs must come from the graph input, an initializer or an earlier node, and the graph output from
 * the last node. Every problem is a {@link ModelFormatException} of one line that starts with the file name.
 * Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class OnnxImport {
    /** The largest file read: protobuf's limit for one message. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** The newest IR version this reader knows (that of the onnx.proto it is generated from, ONNX 1.22). */
    public static final int MAX_IR_VERSION = 13;
    /** The operators of files not written by nnj that this reader maps. */
    public static final List<String> SUPPORTED = List.of("Gemm", "MatMul", "Add (the bias after MatMul)",
            "Conv (group 1)", "MaxPool", "AveragePool", "Pad (of zeros on H and W, before AveragePool)",
            "GlobalAveragePool", "BatchNormalization (inference)", "Flatten (axis 1)",
            "Reshape (a constant shape that flattens)", "Relu", "Sigmoid", "Tanh", "Softmax (of [N, features])",
            "LeakyRelu", "Elu", "Selu (standard constants)", "Softplus", "Identity", "Dropout", "Constant");

    private OnnxImport() {
    }

    /** {@link #load(Path, PluginRegistry, PluginRef)} with the loss chosen from the last activation. */
    public static LoadedModel load(Path file, PluginRegistry registry) {
        return load(file, registry, null);
    }

    /**
     * Reads the ONNX model in {@code file}.
     *
     * @param loss the loss of the network (for evaluation and fine-tuning); null: the one the last activation
     *             suggests. Ignored for files nnj wrote, whose spec names theirs.
     * @throws ModelFormatException naming the file and what is wrong, for any problem
     */
    public static LoadedModel load(Path file, PluginRegistry registry, PluginRef loss) {
        Objects.requireNonNull(file, "file");
        String f = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(f + ": no such file");
        } catch (IOException e) {
            throw new ModelFormatException(f + ": cannot read the file: " + oneLine(e.toString()), e);
        }
        if (size > MAX_FILE_BYTES) {
            throw new ModelFormatException(f + ": the file has " + size + " bytes; an ONNX model (one protobuf "
                    + "message) has at most " + MAX_FILE_BYTES + " (external data files are not read)");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (size > heap / 4) {
            throw new ModelFormatException(f + ": the file has " + size + " bytes; reading it needs about 4 times "
                    + "that, and this JVM may use " + (heap >> 20) + " MB (-Xmx)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFormatException(f + ": cannot read the file: " + oneLine(e.toString()), e);
        }
        return read(bytes, f, stem(file), registry, loss);
    }

    /**
     * Reads an ONNX model from {@code bytes}; {@code where} names it in messages, {@code name} becomes the spec's
     * name of a file not written by nnj.
     */
    public static LoadedModel read(byte[] bytes, String where, String name, PluginRegistry registry, PluginRef loss) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(registry, "registry");
        ModelProto m = parse(bytes, where);
        GraphProto g = checkModel(m, where);
        Map<String, String> props = new LinkedHashMap<>();
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            props.put(e.getKey(), e.getValue());
        }
        if (props.keySet().stream().anyMatch(k -> k.startsWith(OnnxExport.PREFIX))) {
            return readNnj(m, g, props, where, registry);
        }
        return new Chain(g, where, opset(m, where), registry).toModel(name, m, loss);
    }

    static ModelProto parse(byte[] bytes, String f) {
        if (bytes.length == 0) {
            throw new ModelFormatException(f + ": the file is empty; expected an ONNX model");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(32);
            ModelProto m = ModelProto.parseFrom(in);
            return m;
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(f + ": not a readable ONNX model (protobuf: " + oneLine(e.getMessage())
                    + "); the file is truncated, corrupt or not ONNX", e);
        } catch (IOException e) {
            throw new ModelFormatException(f + ": not a readable ONNX model (protobuf: " + oneLine(e.getMessage())
                    + "); the file is truncated, corrupt or not ONNX", e);
        } catch (RuntimeException e) {
            throw new ModelFormatException(f + ": not a readable ONNX model (protobuf: " + oneLine(e.toString())
                    + ")", e);
        }
    }

    /** The model-level checks: IR version, opset, one graph with one input and one output, topological order. */
    private static GraphProto checkModel(ModelProto m, String f) {
        if (m.getIrVersion() <= 0) {
            throw new ModelFormatException(f + ": the model has no IR version (every ONNX model has one): the file "
                    + "is truncated, corrupt or not ONNX");
        }
        if (m.getIrVersion() < 3 || m.getIrVersion() > MAX_IR_VERSION) {
            throw new ModelFormatException(f + ": IR version " + m.getIrVersion() + "; expected 3 to "
                    + MAX_IR_VERSION);
        }
        opset(m, f);
        if (!m.hasGraph()) {
            throw new ModelFormatException(f + ": the model has no graph: the file is truncated or corrupt");
        }
        GraphProto g = m.getGraph();
        if (g.getNodeCount() == 0) {
            throw new ModelFormatException(f + ": the graph has no nodes: the file is truncated or corrupt");
        }
        Set<String> inits = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            inits.add(t.getName());
        }
        List<ValueInfoProto> inputs = g.getInputList().stream().filter(v -> !inits.contains(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new ModelFormatException(f + ": the graph has " + inputs.size() + " inputs (besides initializers); "
                    + "expected one, the features");
        }
        if (g.getOutputCount() != 1) {
            throw new ModelFormatException(f + ": the graph has " + g.getOutputCount() + " outputs; expected one");
        }
        Set<String> known = new HashSet<>(inits);
        known.add(inputs.get(0).getName());
        for (int k = 0; k < g.getNodeCount(); k++) {
            NodeProto n = g.getNode(k);
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !known.contains(in)) {
                    throw new ModelFormatException(f + ": " + node(n, k) + " reads " + quote(in) + ", which no earlier "
                            + "node, initializer or graph input provides: the graph is incomplete (a truncated file?) "
                            + "or not in topological order");
                }
            }
            known.addAll(n.getOutputList());
        }
        String out = g.getOutput(0).getName();
        if (!known.contains(out)) {
            throw new ModelFormatException(f + ": the graph output " + quote(out) + " is computed by no node: the "
                    + "graph is incomplete (a truncated file?)");
        }
        return g;
    }

    /** The default domain's opset version. */
    static long opset(ModelProto m, String f) {
        long v = -1;
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                v = o.getVersion();
            }
        }
        if (v < 0) {
            throw new ModelFormatException(f + ": the model imports no version of the default operator set (opset); "
                    + "the file is truncated, corrupt or not ONNX");
        }
        if (v < 6 || v > 24) {
            throw new ModelFormatException(f + ": default-domain opset " + v + "; expected 6 to 24");
        }
        return v;
    }

    // ------------------------------------------------------------------------------------ files nnj wrote

    private static LoadedModel readNnj(ModelProto m, GraphProto g, Map<String, String> props, String f,
                                       PluginRegistry registry) {
        String format = props.get(OnnxExport.KEY_FORMAT);
        if (!OnnxExport.FORMAT.equals(format)) {
            throw new ModelFormatException(f + ": metadata nnj.format is " + quote(format) + " (entries nnj.* "
                    + "mark a file nnj wrote); this version reads " + OnnxExport.FORMAT);
        }
        String expected = props.get(OnnxExport.KEY_CHECKSUM);
        if (expected == null) {
            throw new ModelFormatException(f + ": an nnj ONNX file without the metadata entry nnj.checksum");
        }
        String actual = OnnxExport.checksum(m);
        if (!actual.equals(expected)) {
            throw new ModelFormatException(f + ": checksum mismatch: nnj.checksum says " + quote(expected)
                    + ", the file's SHA-256 is " + actual + "; the file is corrupt or was changed after nnj wrote it");
        }
        String json = props.get(OnnxExport.KEY_SPEC);
        if (json == null) {
            throw new ModelFormatException(f + ": an nnj ONNX file without the metadata entry nnj.spec");
        }
        ModelSpec spec;
        List<Network.PlannedTensor> plan;
        try {
            spec = new SpecReader(registry).read(json, f + " (metadata nnj.spec)");
            plan = Network.plan(spec.network(), registry);
        } catch (ConfigException e) {
            throw new ModelFormatException(f + ": the spec in the file cannot be used with the installed plugins: "
                    + oneLine(e.getMessage()), e);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(OnnxExport.PREFIX)) {
                entries.put(k.substring(OnnxExport.PREFIX.length()), v);
            }
        });
        ModelMetadata metadata = ModelMetadata.fromEntries(entries, f);
        Map<String, TensorProto> inits = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            inits.put(t.getName(), t);
        }
        for (Network.PlannedTensor p : plan) {
            TensorProto t = inits.get(p.name());
            if (t == null) {
                throw new ModelFormatException(f + ": the spec's network has the tensor " + p.name() + " ("
                        + p.rows() + " x " + p.cols() + "), the file has no initializer of that name");
            }
            long count = Tensors.count(t, f);
            if (count != p.size()) {
                throw new ModelFormatException(f + ": initializer " + p.name() + " has " + count + " values; the "
                        + "spec's network needs " + p.rows() + " x " + p.cols());
            }
        }
        Network net;
        try {
            net = Network.build(spec.network(), registry);
        } catch (ConfigException e) {
            throw new ModelFormatException(f + ": cannot build the network of the spec in the file: "
                    + oneLine(e.getMessage()), e);
        }
        for (NamedTensor p : net.namedState()) {
            double[] v = Tensors.values(inits.get(p.name()), f);
            Mat dst = p.value();
            for (int i = 0; i < v.length; i++) {
                dst.setFlat(i, v[i]);
            }
        }
        String mismatch = metadata.mismatch(net);
        if (mismatch != null) {
            throw new ModelFormatException(f + ": the metadata does not fit the network: " + mismatch);
        }
        return new LoadedModel(net, spec, metadata);
    }

    // ------------------------------------------------------------------------------------ helpers

    private static String stem(Path file) {
        String n = file.getFileName() == null ? "model" : file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** {@code node 3 "/fc1/Gemm" (Gemm)}. */
    static String node(NodeProto n, int index) {
        return "node " + index + " " + quote(n.getName()) + " (" + quote(n.getOpType()) + ")";
    }

    /** A name from the file, quoted, control characters escaped, cut at 80 characters: messages stay one line. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > 80 ? "...\"" : "\"").toString();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
    }
}
