package org.nnj.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.ModelFormatException;
import org.nnj.api.NamedTensor;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.ShapeException;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.core.TrainingSpec;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;
import org.nnj.onnx.proto.OnnxProto.AttributeProto;
import org.nnj.onnx.proto.OnnxProto.GraphProto;
import org.nnj.onnx.proto.OnnxProto.ModelProto;
import org.nnj.onnx.proto.OnnxProto.NodeProto;
import org.nnj.onnx.proto.OnnxProto.TensorProto;
import org.nnj.onnx.proto.OnnxProto.TensorShapeProto;
import org.nnj.onnx.proto.OnnxProto.TypeProto;

/**
 * An ONNX graph not written by nnj read as a chain of nnj layers (see {@link OnnxImport}): dense layers (Gemm, or
 * MatMul then Add), conv2d (Conv), max_pool2d (MaxPool), avg_pool2d (AveragePool, with a Pad of zeros in front as
 * torch.onnx.export writes a padded one), global_avg_pool2d (GlobalAveragePool), batch_norm (BatchNormalization, its
 * running statistics as buffers), flatten (Flatten, or a Reshape to {@code [N, -1]}), each activation after the
 * dense or conv2d layer before it. One pass over the nodes in order, tracking the shape of one sample both as ONNX
 * has it and as nnj will; each layer's weights are read from the initializers (or Constant nodes) once, after their
 * sizes are checked. Windows are read per axis (kernel, strides, dilations as {@code [height, width]}, pads
 * {@code [top, left, bottom, right]}) into nnj's per-axis parameters, one number where both axes agree; window sizes
 * are checked before nnj builds the layer (whose window table is allocated then) against a budget of the heap.
 */
final class Chain {
    /** An nnj layer being read: its type, spec parameters and tensors (by nnj's name: weight, running_mean, ...). */
    private static final class Step {
        final String type;
        final String node;
        final Map<String, Object> params = new LinkedHashMap<>();
        final Map<String, double[]> tensors = new LinkedHashMap<>();
        /** Whether an activation may follow (dense, conv2d) and none has yet. */
        boolean takesActivation;
        /** True right after a MatMul or a Gemm without C: a following Add may supply the bias. */
        boolean biasOpen;
        int units;
        PluginRef activation;

        Step(String type, String node) {
            this.type = type;
            this.node = node;
        }

        PluginRef ref() {
            Map<String, Object> p = new LinkedHashMap<>(params);
            if (activation != null) {
                p.put("activation", activation.params().isEmpty() ? activation.name() : withName(activation));
            }
            return PluginRef.of(type, p);
        }
    }

    /** The constants of nnj's selu (and of ONNX's Selu defaults); other values have no nnj plugin. */
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_GAMMA = 1.0507009873554804934193349852946;
    /** Largest kernel, stride, dilation or padding read from an attribute (far beyond any real image model). */
    static final long MAX_WINDOW = 1 << 16;

    private final GraphProto g;
    private final String f;
    private final long opset;
    private final PluginRegistry registry;
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final List<Step> layers = new ArrayList<>();
    /** The graph input's shape for nnj; null while a flat input's width is still unknown (symbolic). */
    private Shape inputShape;
    /** The shape of one sample of the current tensor for nnj; null while a flat width is unknown. */
    private Shape shape;
    /** The dimensions of one sample of the current tensor in the ONNX graph ([C, 1, 1] after a global pool). */
    private long[] onnx;
    private String current;
    /** Padding (rows, columns per side) of a Pad node waiting for the AveragePool after it; null when none. */
    private long[] pendingPad;
    private String pendingPadNode;
    /** Bytes the window tables and one sample of every layer's output take, against {@link #budget}. */
    private long used;
    private final long budget = Runtime.getRuntime().maxMemory() / 8;

    Chain(GraphProto g, String f, long opset, PluginRegistry registry) {
        this.g = g;
        this.f = f;
        this.opset = opset;
        this.registry = registry;
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), t);
        }
    }

    LoadedModel toModel(String name, ModelProto m, PluginRef loss) {
        var input = g.getInputList().stream().filter(v -> !constants.containsKey(v.getName())).findFirst().orElseThrow();
        readInput(input.getType());
        current = input.getName();
        for (int k = 0; k < g.getNodeCount(); k++) {
            step(g.getNode(k), k);
        }
        if (pendingPad != null) {
            throw new ModelFormatException(f + ": " + pendingPadNode + " pads the graph's last tensor; Pad is "
                    + "supported only right before an AveragePool");
        }
        if (layers.stream().noneMatch(s -> !s.type.equals("flatten"))) {
            throw new ModelFormatException(f + ": the graph has no Gemm, MatMul, Conv, pooling or BatchNormalization: "
                    + "nothing to map to an nnj layer");
        }
        if (!current.equals(g.getOutput(0).getName())) {
            throw new ModelFormatException(f + ": the graph output " + OnnxImport.quote(g.getOutput(0).getName())
                    + " is not the end of the chain of layers (" + OnnxImport.quote(current) + ")");
        }
        List<PluginRef> specLayers = new ArrayList<>();
        for (Step s : layers) {
            specLayers.add(s.ref());
        }
        PluginRef lossRef = loss != null ? loss : defaultLoss();
        NetworkSpec ns = new NetworkSpec(inputShape, specLayers, lossRef, Precision.FLOAT32, 42);
        String producer = (m.getProducerName() + " " + m.getProducerVersion()).trim();
        ModelSpec spec = new ModelSpec(name, "imported from ONNX" + (producer.isEmpty() ? "" : " (" + producer + ")"),
                ns, TrainingSpec.defaults(), null);
        Network net;
        try {
            net = Network.build(spec.network(), registry);
        } catch (ConfigException | ShapeException e) {
            throw new ModelFormatException(f + ": cannot build the network the graph describes: "
                    + OnnxImport.oneLine(e.getMessage()), e);
        }
        for (NamedTensor t : net.namedState()) {
            String n = t.name();
            int dot = n.indexOf('.', "layers.".length());
            Step s = layers.get(Integer.parseInt(n.substring("layers.".length(), dot)));
            double[] v = s.tensors.get(n.substring(dot + 1));
            if (v == null || v.length != t.value().size()) {
                throw new ModelFormatException(f + ": " + s.node + " gives no " + n.substring(dot + 1) + " of "
                        + t.value().size() + " values for nnj's " + s.type + " layer");
            }
            copy(v, t.value());
        }
        ModelMetadata meta = ModelMetadata.empty();
        if (!producer.isEmpty()) {
            meta = meta.withExtra("onnx.producer", producer);
        }
        return new LoadedModel(net, spec, meta);
    }

    private static Map<String, Object> withName(PluginRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.putAll(r.params());
        return m;
    }

    private PluginRef defaultLoss() {
        Step last = layers.get(layers.size() - 1);
        String act = last.activation == null ? "" : last.activation.name();
        if (act.equals("softmax")) {
            return PluginRef.of("categorical_crossentropy");
        }
        if (act.equals("sigmoid") && shape != null && shape.size() == 1) {
            return PluginRef.of("binary_crossentropy");
        }
        return PluginRef.of("mse");
    }

    private static void copy(double[] v, Mat dst) {
        for (int i = 0; i < v.length; i++) {
            dst.setFlat(i, v[i]);
        }
    }

    /** The graph input: {@code [N, features]} (features may be symbolic) or {@code [N, C, H, W]} (all known). */
    private void readInput(TypeProto t) {
        if (!t.hasTensorType()) {
            throw new ModelFormatException(f + ": the graph input is not a tensor; expected a float tensor "
                    + "[N, features] or [N, C, H, W]");
        }
        int elem = t.getTensorType().getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE) {
            throw new ModelFormatException(f + ": the graph input has element type " + Tensors.typeName(elem)
                    + "; expected FLOAT");
        }
        if (!t.getTensorType().hasShape()) {
            return;
        }
        TensorShapeProto s = t.getTensorType().getShape();
        if (s.getDimCount() != 2 && s.getDimCount() != 4) {
            throw new ModelFormatException(f + ": the graph input has " + s.getDimCount() + " dimensions; expected 2, "
                    + "[N, features], or 4, [N, C, H, W]");
        }
        if (s.getDimCount() == 2) {
            var d = s.getDim(1);
            if (d.hasDimValue()) {
                if (d.getDimValue() <= 0 || d.getDimValue() > Integer.MAX_VALUE - 8) {
                    throw new ModelFormatException(f + ": the graph input has " + d.getDimValue() + " features");
                }
                setFlatInput((int) d.getDimValue());
            }
            return;
        }
        int[] dims = new int[3];
        long n = 1;
        for (int i = 1; i < 4; i++) {
            var d = s.getDim(i);
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > MAX_WINDOW * 4) {
                throw new ModelFormatException(f + ": the graph input's dimension " + i + " is "
                        + (d.hasDimValue() ? Long.toString(d.getDimValue()) : OnnxImport.quote(d.getDimParam()))
                        + "; an image input [N, C, H, W] needs C, H and W known, from 1 to " + MAX_WINDOW * 4);
            }
            dims[i - 1] = (int) d.getDimValue();
            n *= d.getDimValue();
        }
        charge(n * 4, "the input of " + dims[0] + "x" + dims[1] + "x" + dims[2]);
        inputShape = Shape.of(dims);
        shape = inputShape;
        onnx = new long[] {dims[0], dims[1], dims[2]};
    }

    private void setFlatInput(int width) {
        inputShape = Shape.flat(width);
        shape = inputShape;
        onnx = new long[] {width};
    }

    private void charge(long bytes, String what) {
        used = bytes > budget ? Long.MAX_VALUE : used + bytes;
        if (bytes < 0 || used > budget) {
            throw new ModelFormatException(f + ": " + what + " takes the network over " + (budget >> 20) + " MB of "
                    + "window tables and activations, an eighth of what this JVM may use (-Xmx)");
        }
    }

    private void step(NodeProto n, int k) {
        String op = n.getOpType();
        String where = OnnxImport.node(n, k);
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw unsupported(n, k, "operator domain " + OnnxImport.quote(n.getDomain()));
        }
        if (op.equals("Constant")) {
            constant(n, where);
            return;
        }
        if (n.getOutputCount() < 1) {
            throw new ModelFormatException(f + ": " + where + " has no output");
        }
        if (pendingPad != null && !op.equals("AveragePool")) {
            throw new ModelFormatException(f + ": " + pendingPadNode + " pads the tensor " + where + " reads; Pad is "
                    + "supported only right before an AveragePool (as torch.onnx.export writes a padded avg_pool2d)");
        }
        switch (op) {
            case "Gemm" -> gemm(n, where);
            case "MatMul" -> matmul(n, where);
            case "Add" -> add(n, where);
            case "Conv" -> conv(n, where);
            case "MaxPool" -> pool(n, where, true);
            case "AveragePool" -> pool(n, where, false);
            case "Pad" -> pad(n, where);
            case "GlobalAveragePool" -> globalPool(n, where);
            case "BatchNormalization" -> batchNorm(n, where);
            case "Flatten" -> flatten(n, where);
            case "Reshape" -> reshape(n, where);
            case "Relu" -> activation(n, where, PluginRef.of("relu"));
            case "Sigmoid" -> activation(n, where, PluginRef.of("sigmoid"));
            case "Tanh" -> activation(n, where, PluginRef.of("tanh"));
            case "Softplus" -> activation(n, where, PluginRef.of("softplus"));
            case "Softmax" -> {
                long axis = intAttr(n, "axis", opset >= 13 ? -1 : 1);
                if ((axis != 1 && axis != -1) || (onnx != null && onnx.length != 1)) {
                    throw new ModelFormatException(f + ": " + where + " takes the softmax over axis " + axis
                            + (onnx != null && onnx.length != 1 ? " of a " + (onnx.length + 1) + "-D tensor" : "")
                            + "; nnj's softmax is over each row (axis 1 or -1 of [N, features])");
                }
                activation(n, where, PluginRef.of("softmax"));
            }
            case "LeakyRelu" -> activation(n, where, PluginRef.of("leaky_relu",
                    Map.of("alpha", nonNegative(n, where, floatAttr(n, "alpha", 0.01f)))));
            case "Elu" -> activation(n, where, PluginRef.of("elu",
                    Map.of("alpha", nonNegative(n, where, floatAttr(n, "alpha", 1.0f)))));
            case "Selu" -> {
                float a = floatAttr(n, "alpha", 1.67326319217681884765625f);
                float gm = floatAttr(n, "gamma", 1.05070102214813232421875f);
                if (Math.abs(a - SELU_ALPHA) > 1e-6 || Math.abs(gm - SELU_GAMMA) > 1e-6) {
                    throw new ModelFormatException(f + ": " + where + " has alpha " + a + " and gamma " + gm
                            + "; nnj's selu has the standard constants " + SELU_ALPHA + " and " + SELU_GAMMA);
                }
                activation(n, where, PluginRef.of("selu"));
            }
            case "Identity", "Dropout" -> pass(n, where);
            default -> throw unsupported(n, k, "operator " + OnnxImport.quote(op));
        }
    }

    private ModelFormatException unsupported(NodeProto n, int k, String what) {
        return new ModelFormatException(f + ": " + OnnxImport.node(n, k) + ": " + what + " is not supported; nnj "
                + "imports chains of " + String.join(", ", OnnxImport.SUPPORTED));
    }

    private void constant(NodeProto n, String where) {
        if (n.getOutputCount() != 1) {
            throw new ModelFormatException(f + ": " + where + " has " + n.getOutputCount() + " outputs; expected 1");
        }
        for (AttributeProto a : n.getAttributeList()) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(n.getOutput(0));
            switch (a.getName()) {
                case "value" -> {
                    if (!a.hasT()) {
                        throw new ModelFormatException(f + ": " + where + " has a \"value\" attribute without a tensor");
                    }
                    constants.put(n.getOutput(0), a.getT().toBuilder().setName(n.getOutput(0)).build());
                    return;
                }
                case "value_float" -> {
                    constants.put(n.getOutput(0), t.setDataType(TensorProto.DataType.FLOAT_VALUE)
                            .addFloatData(a.getF()).build());
                    return;
                }
                case "value_floats" -> {
                    constants.put(n.getOutput(0), t.setDataType(TensorProto.DataType.FLOAT_VALUE)
                            .addDims(a.getFloatsCount()).addAllFloatData(a.getFloatsList()).build());
                    return;
                }
                default -> {
                }
            }
        }
        throw new ModelFormatException(f + ": " + where + " has no value (attribute value, value_float or "
                + "value_floats); other constants are not supported");
    }

    /** The node's data input must be the current end of the chain; other outputs must be unused. */
    private void requireChain(NodeProto n, String where, int dataInput) {
        if (n.getInputCount() <= dataInput || !n.getInput(dataInput).equals(current)) {
            throw new ModelFormatException(f + ": " + where + " does not take " + OnnxImport.quote(current)
                    + ", the output of the layers before it, as input " + dataInput + "; nnj imports a chain of "
                    + "layers (one input, one output each)");
        }
        if (n.getOutputCount() > 1) {
            for (int i = 1; i < n.getOutputCount(); i++) {
                String o = n.getOutput(i);
                if (!o.isEmpty() && used(o)) {
                    throw new ModelFormatException(f + ": " + where + " output " + i + " " + OnnxImport.quote(o)
                            + " is used; nnj imports a chain of layers (one output each)");
                }
            }
        }
    }

    private boolean used(String name) {
        if (g.getOutput(0).getName().equals(name)) {
            return true;
        }
        for (NodeProto m : g.getNodeList()) {
            if (m.getInputList().contains(name)) {
                return true;
            }
        }
        return false;
    }

    private TensorProto weight(NodeProto n, String where, int input) {
        if (n.getInputCount() <= input || n.getInput(input).isEmpty()) {
            return null;
        }
        TensorProto t = constants.get(n.getInput(input));
        if (t == null) {
            throw new ModelFormatException(f + ": " + where + " input " + input + " "
                    + OnnxImport.quote(n.getInput(input)) + " is computed, not a constant; nnj imports layers with "
                    + "constant weights");
        }
        return t;
    }

    private TensorProto required(NodeProto n, String where, int input, String what) {
        TensorProto t = weight(n, where, input);
        if (t == null) {
            throw new ModelFormatException(f + ": " + where + " has no input " + input + " (" + what + ")");
        }
        return t;
    }

    // ------------------------------------------------------------------------------------ dense

    private void requireFlat(String where, String op) {
        if (onnx != null && onnx.length != 1) {
            throw new ModelFormatException(f + ": " + where + " multiplies a " + (onnx.length + 1) + "-D tensor; nnj "
                    + "maps " + op + " of [N, features] (put a Flatten before it)");
        }
    }

    private void gemm(NodeProto n, String where) {
        requireChain(n, where, 0);
        requireFlat(where, "Gemm");
        if (intAttr(n, "transA", 0) != 0) {
            throw new ModelFormatException(f + ": " + where + " has transA = 1; expected the input untransposed");
        }
        boolean transB = intAttr(n, "transB", 0) != 0;
        double alpha = floatAttr(n, "alpha", 1f);
        double beta = floatAttr(n, "beta", 1f);
        Step d = dense(required(n, where, 1, "the weights"), transB, alpha, where);
        TensorProto c = weight(n, where, 2);
        if (c != null) {
            d.tensors.put("bias", bias(c, d.units, beta, where));
        } else {
            d.biasOpen = true;
            d.params.put("use_bias", false);
        }
        advance(n, where, d);
    }

    private void matmul(NodeProto n, String where) {
        requireChain(n, where, 0);
        requireFlat(where, "MatMul");
        Step d = dense(required(n, where, 1, "the weights"), false, 1, where);
        d.biasOpen = true;
        d.params.put("use_bias", false);
        advance(n, where, d);
    }

    /** A dense layer from B of a product {@code x B} ({@code x B^T} when transposed), scaled by alpha. */
    private Step dense(TensorProto b, boolean transposed, double alpha, String where) {
        if (b.getDimsCount() != 2) {
            throw new ModelFormatException(f + ": " + where + " has weights of " + b.getDimsCount()
                    + " dimensions " + b.getDimsList() + "; expected 2");
        }
        Tensors.count(b, f);
        int rows = (int) b.getDims(0);
        int cols = (int) b.getDims(1);
        int inputs = transposed ? cols : rows;
        int units = transposed ? rows : cols;
        if (inputs == 0 || units == 0) {
            throw new ModelFormatException(f + ": " + where + " has weights of shape " + b.getDimsList()
                    + "; expected no zero size");
        }
        if (shape == null) {
            setFlatInput(inputs);
        }
        if (inputs != shape.size()) {
            throw new ModelFormatException(f + ": " + where + " takes " + inputs + " inputs (weights "
                    + b.getDimsList() + (transposed ? ", transposed" : "") + "), the tensor before it has "
                    + shape.size() + " values per sample");
        }
        double[] v = Tensors.values(b, f);
        double[] w = new double[v.length];
        for (int u = 0; u < units; u++) {
            for (int i = 0; i < inputs; i++) {
                w[u * inputs + i] = alpha * (transposed ? v[u * inputs + i] : v[i * units + u]);
            }
        }
        Step d = new Step("dense", where);
        d.units = units;
        d.params.put("units", (long) units);
        d.tensors.put("weight", w);
        d.takesActivation = true;
        return d;
    }

    private double[] bias(TensorProto c, int units, double beta, String where) {
        long count = Tensors.count(c, f);
        boolean shapeOk = (c.getDimsCount() == 1 && count == units) || (c.getDimsCount() == 2 && c.getDims(0) == 1
                && c.getDims(1) == units) || count == 1;
        if (!shapeOk) {
            throw new ModelFormatException(f + ": " + where + " adds a bias of shape " + c.getDimsList() + "; expected ["
                    + units + "], [1, " + units + "] or one value");
        }
        double[] v = Tensors.values(c, f);
        double[] out = new double[units];
        for (int j = 0; j < units; j++) {
            out[j] = beta * v[count == 1 ? 0 : j];
        }
        return out;
    }

    private void add(NodeProto n, String where) {
        Step last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (last == null || !last.biasOpen || n.getInputCount() != 2) {
            throw new ModelFormatException(f + ": " + where + ": Add is supported only as the bias right after a "
                    + "MatMul or a Gemm without one; nnj imports chains of " + String.join(", ", OnnxImport.SUPPORTED));
        }
        int data = n.getInput(0).equals(current) ? 0 : 1;
        requireChain(n, where, data);
        TensorProto c = weight(n, where, 1 - data);
        last.tensors.put("bias", bias(c, last.units, 1, where));
        last.params.remove("use_bias");
        last.biasOpen = false;
        current = n.getOutput(0);
    }

    // ------------------------------------------------------------------------------------ images

    private void requireImage(String where, String op) {
        if (shape == null || !shape.isImage() || onnx.length != 3) {
            throw new ModelFormatException(f + ": " + where + ": " + op + " needs an image [N, C, H, W]; the tensor "
                    + "before it is " + (onnx == null ? "[N, features]" : dims(onnx)));
        }
    }

    /** An INTS attribute of two values, each from {@code min} to {@link #MAX_WINDOW}, or the default. */
    private long[] pair(NodeProto n, String where, String name, long dflt, long min) {
        AttributeProto a = attr(n, name);
        if (a == null) {
            return new long[] {dflt, dflt};
        }
        if (a.getIntsCount() != 2) {
            throw new ModelFormatException(f + ": " + where + " has " + name + " of " + a.getIntsCount()
                    + (a.getIntsCount() == 1 ? " value " : " values ") + a.getIntsList() + "; expected 2 (height, width)");
        }
        for (long v : a.getIntsList()) {
            if (v < min || v > MAX_WINDOW) {
                throw new ModelFormatException(f + ": " + where + " has " + name + " " + a.getIntsList() + "; expected "
                        + "values from " + min + " to " + MAX_WINDOW);
            }
        }
        return new long[] {a.getInts(0), a.getInts(1)};
    }

    /** The node's {@code pads} ({@code [top, left, bottom, right]}), each from 0 to {@link #MAX_WINDOW}. */
    private long[] pads(NodeProto n, String where) {
        String autoPad = stringAttr(n, "auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw new ModelFormatException(f + ": " + where + " has auto_pad " + OnnxImport.quote(autoPad)
                    + "; nnj reads NOTSET (explicit pads) and VALID");
        }
        AttributeProto a = attr(n, "pads");
        if (a == null || autoPad.equals("VALID")) {
            return new long[4];
        }
        if (a.getIntsCount() != 4) {
            throw new ModelFormatException(f + ": " + where + " has pads of " + a.getIntsCount() + " values "
                    + a.getIntsList() + "; expected 4 (top, left, bottom, right)");
        }
        for (long v : a.getIntsList()) {
            if (v < 0 || v > MAX_WINDOW) {
                throw new ModelFormatException(f + ": " + where + " has pads " + a.getIntsList() + "; expected values "
                        + "from 0 to " + MAX_WINDOW);
            }
        }
        return new long[] {a.getInts(0), a.getInts(1), a.getInts(2), a.getInts(3)};
    }

    /** A per-axis parameter of an nnj layer: one number when both axes agree, else {@code [height, width]}. */
    private static Object axes(long[] v) {
        return v[0] == v[1] ? (Object) v[0] : List.of(v[0], v[1]);
    }

    /** A pair as a message says it: {@code 3} when both axes agree, else {@code 3x5}. */
    private static String text(long[] v) {
        return v[0] == v[1] ? Long.toString(v[0]) : v[0] + "x" + v[1];
    }

    /** The extent of a window along each axis: {@code dilation * (k - 1) + 1}. */
    private static long[] span(long[] k, long[] dilations) {
        return new long[] {dilations[0] * (k[0] - 1) + 1, dilations[1] * (k[1] - 1) + 1};
    }

    /**
     * Checks a window of kernel {@code k} ({@code [kh, kw]}) over the current image (sizes before nnj allocates its
     * table of taps) and returns the output height and width; strides and dilations per axis, pads
     * {@code [top, left, bottom, right]}.
     */
    private long[] window(String where, long[] k, long[] strides, long[] dilations, long[] pads) {
        long[] span = span(k, dilations);
        long outH = onnx[1] + pads[0] + pads[2] - span[0];
        long outW = onnx[2] + pads[1] + pads[3] - span[1];
        if (outH < 0 || outW < 0) {
            throw new ModelFormatException(f + ": " + where + " has a " + k[0] + "x" + k[1] + " window (dilation "
                    + text(dilations) + ") larger than its padded input " + dims(onnx));
        }
        outH = outH / strides[0] + 1;
        outW = outW / strides[1] + 1;
        long taps;
        try {
            taps = Math.multiplyExact(Math.multiplyExact(outH, outW), Math.multiplyExact(k[0], k[1]) * 4);
        } catch (ArithmeticException e) {
            taps = Long.MAX_VALUE;
        }
        charge(taps, where);
        return new long[] {outH, outW};
    }

    private void conv(NodeProto n, String where) {
        requireChain(n, where, 0);
        requireImage(where, "Conv");
        if (intAttr(n, "group", 1) != 1) {
            throw new ModelFormatException(f + ": " + where + " has group " + intAttr(n, "group", 1) + "; nnj's conv2d "
                    + "has group 1 (every filter sees every input channel)");
        }
        TensorProto wt = required(n, where, 1, "the weights");
        if (wt.getDimsCount() != 4) {
            throw new ModelFormatException(f + ": " + where + " has weights of " + wt.getDimsCount() + " dimensions "
                    + wt.getDimsList() + "; expected 4, [filters, channels, kh, kw]");
        }
        Tensors.count(wt, f);
        long filters = wt.getDims(0);
        long[] k = {wt.getDims(2), wt.getDims(3)};
        if (filters < 1 || wt.getDims(1) != onnx[0] || k[0] < 1 || k[1] < 1) {
            throw new ModelFormatException(f + ": " + where + " has weights of shape " + wt.getDimsList() + "; expected "
                    + "[filters, " + onnx[0] + ", kh, kw] for its input " + dims(onnx));
        }
        long[] kernel = pair(n, where, "kernel_shape", 1, 1);
        if (attr(n, "kernel_shape") != null && (kernel[0] != k[0] || kernel[1] != k[1])) {
            throw new ModelFormatException(f + ": " + where + " has kernel_shape " + kernel[0] + "x" + kernel[1]
                    + " for weights " + wt.getDimsList() + "; expected the weights' " + k[0] + "x" + k[1]);
        }
        long[] strides = pair(n, where, "strides", 1, 1);
        long[] dilations = pair(n, where, "dilations", 1, 1);
        long[] pads = pads(n, where);
        String autoPad = stringAttr(n, "auto_pad", "NOTSET");
        long[] span = span(k, dilations);
        Object padding;
        if (pads[0] == pads[2] && pads[1] == pads[3]) {
            padding = pads[0] == 0 && pads[1] == 0 ? null : axes(new long[] {pads[0], pads[1]});
        } else if (strides[0] == 1 && strides[1] == 1 && pads[0] == (span[0] - 1) / 2
                && pads[2] == span[0] - 1 - pads[0] && pads[1] == (span[1] - 1) / 2 && pads[3] == span[1] - 1 - pads[1]) {
            padding = "same";
        } else {
            throw new ModelFormatException(f + ": " + where + " has pads " + java.util.Arrays.toString(pads) + " ("
                    + autoPad + "); nnj's conv2d pads the top and bottom alike and the left and right alike "
                    + "([top, left, top, left]), or as \"same\" does at stride 1 (the odd row and column at the "
                    + "bottom and right)");
        }
        window(where, k, strides, dilations, pads);
        Step c = new Step("conv2d", where);
        c.params.put("filters", filters);
        c.params.put("kernel_size", axes(k));
        if (strides[0] != 1 || strides[1] != 1) {
            c.params.put("stride", axes(strides));
        }
        if (padding != null) {
            c.params.put("padding", padding);
        }
        if (dilations[0] != 1 || dilations[1] != 1) {
            c.params.put("dilation", axes(dilations));
        }
        c.tensors.put("weight", Tensors.values(wt, f));
        TensorProto b = weight(n, where, 2);
        if (b != null) {
            if (Tensors.count(b, f) != filters || b.getDimsCount() != 1) {
                throw new ModelFormatException(f + ": " + where + " has a bias of shape " + b.getDimsList()
                        + "; expected [" + filters + "]");
            }
            c.tensors.put("bias", Tensors.values(b, f));
        } else {
            c.params.put("use_bias", false);
        }
        c.takesActivation = true;
        advance(n, where, c);
    }

    private void pool(NodeProto n, String where, boolean max) {
        requireChain(n, where, 0);
        String op = max ? "MaxPool" : "AveragePool";
        requireImage(where, op);
        AttributeProto ks = attr(n, "kernel_shape");
        if (ks == null) {
            throw new ModelFormatException(f + ": " + where + " has no kernel_shape");
        }
        long[] kernel = pair(n, where, "kernel_shape", 1, 1);
        long[] strides = pair(n, where, "strides", 1, 1);
        long[] dilations = pair(n, where, "dilations", 1, 1);
        if (intAttr(n, "ceil_mode", 0) != 0) {
            throw new ModelFormatException(f + ": " + where + " has ceil_mode 1; nnj's pooling rounds the output size "
                    + "down (ceil_mode 0)");
        }
        if (!max && (dilations[0] != 1 || dilations[1] != 1)) {
            throw new ModelFormatException(f + ": " + where + " has dilations " + text(dilations) + "; nnj's "
                    + "avg_pool2d has none");
        }
        long[] pads = pads(n, where);
        boolean countPad = intAttr(n, "count_include_pad", 0) != 0;
        if (pendingPad != null) {
            if (pads[0] + pads[1] + pads[2] + pads[3] != 0) {
                throw new ModelFormatException(f + ": " + where + " pads again after " + pendingPadNode + "; expected "
                        + "pads 0 after a Pad");
            }
            pads = new long[] {pendingPad[0], pendingPad[1], pendingPad[0], pendingPad[1]};
            countPad = true; // the Pad's zeros are values the pool averages
            onnx = new long[] {onnx[0], onnx[1] - 2 * pendingPad[0], onnx[2] - 2 * pendingPad[1]};
            pendingPad = null;
        }
        if (pads[0] != pads[2] || pads[1] != pads[3]) {
            throw new ModelFormatException(f + ": " + where + " has pads " + java.util.Arrays.toString(pads) + "; nnj's "
                    + "pooling pads the top and bottom alike and the left and right alike ([top, left, top, left])");
        }
        long[] out = window(where, kernel, strides, dilations, pads);
        long[] span = span(kernel, dilations);
        boolean remainder = (onnx[1] + 2 * pads[0] - span[0]) % strides[0] != 0
                || (onnx[2] + 2 * pads[1] - span[1]) % strides[1] != 0;
        Step p = new Step(max ? "max_pool2d" : "avg_pool2d", where);
        p.params.put("kernel_size", axes(kernel));
        p.params.put("stride", axes(strides));
        if (pads[0] != 0 || pads[1] != 0) {
            p.params.put("padding", axes(new long[] {pads[0], pads[1]}));
        }
        if (max && (dilations[0] != 1 || dilations[1] != 1)) {
            p.params.put("dilation", axes(dilations));
        }
        if (!max) {
            p.params.put("count_include_pad", countPad);
        }
        if (remainder) {
            p.params.put("drop_remainder", true);
        }
        advance(n, where, p);
        if (onnx[1] != out[0] || onnx[2] != out[1]) {
            throw new ModelFormatException(f + ": " + where + ": nnj's " + p.type + " gives " + shape + ", ONNX "
                    + dims(out) + "; the window is not read as the file means it");
        }
    }

    /** A Pad of zeros: nothing when it pads nothing, else the padding of the AveragePool that must follow. */
    private void pad(NodeProto n, String where) {
        requireChain(n, where, 0);
        String mode = stringAttr(n, "mode", "constant");
        if (!mode.equals("constant")) {
            throw new ModelFormatException(f + ": " + where + " has mode " + OnnxImport.quote(mode) + "; nnj reads "
                    + "padding with zeros (mode constant) before an AveragePool");
        }
        long[] p;
        if (opset >= 11) {
            p = Tensors.longs(required(n, where, 1, "the pads"), f, 8);
            TensorProto value = weight(n, where, 2);
            if (value != null) {
                double[] v = Tensors.values(value, f);
                if (v.length != 1 || v[0] != 0) {
                    throw new ModelFormatException(f + ": " + where + " pads with " + java.util.Arrays.toString(v)
                            + "; nnj reads padding with zeros");
                }
            }
            if (n.getInputCount() > 3 && !n.getInput(3).isEmpty()) {
                throw new ModelFormatException(f + ": " + where + " has axes; nnj reads Pad of all axes");
            }
        } else {
            AttributeProto a = attr(n, "pads");
            p = a == null ? new long[0] : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            if (floatAttr(n, "value", 0f) != 0f) {
                throw new ModelFormatException(f + ": " + where + " pads with " + floatAttr(n, "value", 0f)
                        + "; nnj reads padding with zeros");
            }
        }
        boolean zero = java.util.Arrays.stream(p).allMatch(v -> v == 0);
        if (zero && (p.length == 0 || onnx == null || p.length == 2 * (onnx.length + 1))) {
            pass(n, where);
            return;
        }
        requireImage(where, "Pad");
        // [N, C, H, W] begins, then ends: only H and W padded, each the same before and after
        if (p.length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0 || p[2] != p[6] || p[3] != p[7]
                || p[2] < 0 || p[2] > MAX_WINDOW || p[3] < 0 || p[3] > MAX_WINDOW) {
            throw new ModelFormatException(f + ": " + where + " has pads " + java.util.Arrays.toString(p) + "; nnj "
                    + "reads a Pad of H and W only, each the same before and after ([0, 0, h, w, 0, 0, h, w]), from 0 "
                    + "to " + MAX_WINDOW + ", before an AveragePool");
        }
        pendingPad = new long[] {p[2], p[3]};
        pendingPadNode = where;
        onnx = new long[] {onnx[0], onnx[1] + 2 * p[2], onnx[2] + 2 * p[3]};
        current = n.getOutput(0);
    }

    private void globalPool(NodeProto n, String where) {
        requireChain(n, where, 0);
        requireImage(where, "GlobalAveragePool");
        long c = onnx[0];
        advance(n, where, new Step("global_avg_pool2d", where));
        onnx = new long[] {c, 1, 1};
    }

    private void batchNorm(NodeProto n, String where) {
        requireChain(n, where, 0);
        if (shape == null) {
            throw new ModelFormatException(f + ": " + where + " normalizes the graph input of unknown width");
        }
        if (intAttr(n, "training_mode", 0) != 0 || intAttr(n, "spatial", 1) != 1) {
            throw new ModelFormatException(f + ": " + where + " is in training mode or not spatial; nnj reads "
                    + "BatchNormalization in its inference form");
        }
        int channels = shape.isFlat() ? shape.size() : shape.dim(0);
        String[] names = {"weight", "bias", "running_mean", "running_var"};
        String[] what = {"scale", "B", "input_mean", "input_var"};
        Step b = new Step("batch_norm", where);
        for (int i = 0; i < 4; i++) {
            TensorProto t = required(n, where, i + 1, what[i]);
            if (Tensors.count(t, f) != channels || t.getDimsCount() != 1) {
                throw new ModelFormatException(f + ": " + where + " has " + what[i] + " of shape " + t.getDimsList()
                        + "; expected [" + channels + "], one per channel of " + dims(onnx));
            }
            double[] v = Tensors.values(t, f);
            if (i == 3) {
                for (int c = 0; c < v.length; c++) {
                    if (!(v[c] >= 0)) {
                        throw new ModelFormatException(f + ": " + where + " has the variance " + v[c] + " at " + c
                                + "; expected variances of at least 0");
                    }
                }
            }
            b.tensors.put(names[i], v);
        }
        float eps = floatAttr(n, "epsilon", 1e-5f);
        float momentum = floatAttr(n, "momentum", 0.9f);
        if (!(eps > 0) || Float.isInfinite(eps) || !(momentum >= 0 && momentum <= 1)) {
            throw new ModelFormatException(f + ": " + where + " has epsilon " + eps + " and momentum " + momentum
                    + "; expected epsilon > 0 and momentum from 0 to 1");
        }
        b.params.put("eps", (double) eps);
        // ONNX: running = momentum * running + (1 - momentum) * batch; nnj (PyTorch): the other way round
        b.params.put("momentum", 1.0 - (double) momentum);
        long[] keep = onnx;
        advance(n, where, b);
        onnx = keep;
    }

    private void flatten(NodeProto n, String where) {
        requireChain(n, where, 0);
        if (intAttr(n, "axis", 1) != 1) {
            throw new ModelFormatException(f + ": " + where + " has axis " + intAttr(n, "axis", 1) + "; nnj reads "
                    + "Flatten with axis 1, to [N, features]");
        }
        toFlat(n, where);
    }

    private void toFlat(NodeProto n, String where) {
        if (shape != null && !shape.isFlat()) {
            advance(n, where, new Step("flatten", where));
        } else {
            pass(n, where);
        }
        if (shape != null) {
            onnx = new long[] {shape.size()};
        }
    }

    /** A Reshape to {@code [N, -1]}, {@code [0, -1]}, {@code [-1, features]} or {@code [0, features]}: a flatten. */
    private void reshape(NodeProto n, String where) {
        requireChain(n, where, 0);
        long[] to = Tensors.longs(required(n, where, 1, "the shape"), f, 8);
        long size = shape == null ? -2 : shape.size();
        boolean flattens = to.length == 2 && (to[0] == 0 || to[0] == -1) && (to[1] == size || (to[1] == -1
                && to[0] == 0)) && intAttr(n, "allowzero", 0) == 0;
        if (!flattens) {
            throw new ModelFormatException(f + ": " + where + " reshapes " + (onnx == null ? "[N, features]"
                    : dims(onnx)) + " to " + java.util.Arrays.toString(to) + "; nnj reads a Reshape with a constant "
                    + "shape that flattens each sample ([0, -1], [-1, " + size + "] or [0, " + size + "])");
        }
        toFlat(n, where);
    }

    // ------------------------------------------------------------------------------------ the chain

    private void activation(NodeProto n, String where, PluginRef act) {
        requireChain(n, where, 0);
        Step last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (last == null || !last.takesActivation) {
            throw new ModelFormatException(f + ": " + where + " follows " + (last == null ? "no layer"
                    : last.activation != null ? "another activation" : "a " + last.type + " layer")
                    + "; nnj runs one activation after each dense (Gemm, MatMul) or conv2d (Conv) layer");
        }
        last.activation = act;
        last.takesActivation = false;
        last.biasOpen = false;
        current = n.getOutput(0);
    }

    private void pass(NodeProto n, String where) {
        requireChain(n, where, 0);
        current = n.getOutput(0);
    }

    /** Appends an nnj layer: its output shape from nnj's own layer plugin. */
    private void advance(NodeProto n, String where, Step s) {
        if (!layers.isEmpty()) {
            layers.get(layers.size() - 1).takesActivation = false;
        }
        Shape in = shape;
        Shape out;
        try {
            Layer layer = registry.create(PluginKind.LAYER, s.ref(), "layers[" + layers.size() + "]");
            out = layer.outputShape(in);
        } catch (ConfigException | ShapeException e) {
            throw new ModelFormatException(f + ": " + where + " as nnj's " + s.type + " on " + in + ": "
                    + OnnxImport.oneLine(e.getMessage()), e);
        }
        charge((long) out.size() * 4, where);
        layers.add(s);
        shape = out;
        long[] d = new long[out.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = out.dim(i);
        }
        onnx = d;
        current = n.getOutput(0);
    }

    static String dims(long[] sample) {
        StringBuilder b = new StringBuilder("[N");
        for (long d : sample) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }

    private static AttributeProto attr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static long intAttr(NodeProto n, String name, long dflt) {
        AttributeProto a = attr(n, name);
        return a == null ? dflt : a.getI();
    }

    private static float floatAttr(NodeProto n, String name, float dflt) {
        AttributeProto a = attr(n, name);
        return a == null ? dflt : a.getF();
    }

    private static String stringAttr(NodeProto n, String name, String dflt) {
        AttributeProto a = attr(n, name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    private double nonNegative(NodeProto n, String where, float v) {
        if (!(v >= 0) || Float.isInfinite(v)) {
            throw new ModelFormatException(f + ": " + where + " has alpha " + v + "; nnj's needs a finite alpha >= 0");
        }
        return v;
    }
}
