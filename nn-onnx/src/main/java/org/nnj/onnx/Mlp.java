package org.nnj.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.ModelFormatException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
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
 * An ONNX graph not written by nnj read as a chain of dense layers with activations (see {@link OnnxImport}). One
 * pass over the nodes in order; each layer's weights are read from the initializers (or Constant nodes) once.
 */
final class Mlp {
    /** A dense layer being read: weights {@code [units, inputs]} row-major, bias or null, activation or null. */
    private static final class Dense {
        final int inputs;
        final int units;
        final double[] weight;
        double[] bias;
        PluginRef activation;
        /** True right after a MatMul or a Gemm without C: a following Add may supply the bias. */
        boolean biasOpen;

        Dense(int inputs, int units, double[] weight) {
            this.inputs = inputs;
            this.units = units;
            this.weight = weight;
        }
    }

    /** The constants of nnj's selu (and of ONNX's Selu defaults); other values have no nnj plugin. */
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_GAMMA = 1.0507009873554804934193349852946;

    private final GraphProto g;
    private final String f;
    private final long opset;
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final List<Dense> layers = new ArrayList<>();
    private int width;
    private String current;

    Mlp(GraphProto g, String f, long opset) {
        this.g = g;
        this.f = f;
        this.opset = opset;
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), t);
        }
    }

    LoadedModel toModel(String name, ModelProto m, PluginRegistry registry, PluginRef loss) {
        var input = g.getInputList().stream().filter(v -> !constants.containsKey(v.getName())).findFirst().orElseThrow();
        width = inputWidth(input.getType());
        current = input.getName();
        for (int k = 0; k < g.getNodeCount(); k++) {
            step(g.getNode(k), k);
        }
        if (layers.isEmpty()) {
            throw new ModelFormatException(f + ": the graph has no Gemm or MatMul: nothing to map to a dense layer");
        }
        if (!current.equals(g.getOutput(0).getName())) {
            throw new ModelFormatException(f + ": the graph output " + OnnxImport.quote(g.getOutput(0).getName())
                    + " is not the end of the chain of layers (" + OnnxImport.quote(current) + ")");
        }
        List<PluginRef> specLayers = new ArrayList<>();
        for (Dense d : layers) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("units", (long) d.units);
            if (d.activation != null) {
                p.put("activation", d.activation.params().isEmpty() ? d.activation.name()
                        : withName(d.activation));
            }
            if (d.bias == null) {
                p.put("use_bias", false);
            }
            specLayers.add(PluginRef.of("dense", p));
        }
        PluginRef lossRef = loss != null ? loss : defaultLoss();
        NetworkSpec ns = new NetworkSpec(layers.get(0).inputs, specLayers, lossRef, Precision.FLOAT32, 42);
        String producer = (m.getProducerName() + " " + m.getProducerVersion()).trim();
        ModelSpec spec = new ModelSpec(name, "imported from ONNX" + (producer.isEmpty() ? "" : " (" + producer + ")"),
                ns, TrainingSpec.defaults(), null);
        Network net;
        try {
            net = Network.build(spec.network(), registry);
        } catch (ConfigException e) {
            throw new ModelFormatException(f + ": cannot build the network the graph describes: "
                    + OnnxImport.oneLine(e.getMessage()), e);
        }
        var params = net.namedParameters();
        int at = 0;
        for (Dense d : layers) {
            copy(d.weight, params.get(at++).value());
            if (d.bias != null) {
                copy(d.bias, params.get(at++).value());
            }
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
        Dense last = layers.get(layers.size() - 1);
        String act = last.activation == null ? "" : last.activation.name();
        if (act.equals("softmax")) {
            return PluginRef.of("categorical_crossentropy");
        }
        if (act.equals("sigmoid") && last.units == 1) {
            return PluginRef.of("binary_crossentropy");
        }
        return PluginRef.of("mse");
    }

    private static void copy(double[] v, Mat dst) {
        for (int i = 0; i < v.length; i++) {
            dst.setFlat(i, v[i]);
        }
    }

    /** The feature count of the graph input {@code [N, features]}, or -1 when the file leaves it symbolic. */
    private int inputWidth(TypeProto t) {
        if (!t.hasTensorType()) {
            throw new ModelFormatException(f + ": the graph input is not a tensor; expected a float tensor "
                    + "[N, features]");
        }
        int elem = t.getTensorType().getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE) {
            throw new ModelFormatException(f + ": the graph input has element type " + Tensors.typeName(elem)
                    + "; expected FLOAT");
        }
        if (!t.getTensorType().hasShape()) {
            return -1;
        }
        TensorShapeProto s = t.getTensorType().getShape();
        if (s.getDimCount() != 2) {
            throw new ModelFormatException(f + ": the graph input has " + s.getDimCount() + " dimensions; expected 2, "
                    + "[N, features] (an MLP's input)");
        }
        var d = s.getDim(1);
        if (d.hasDimValue()) {
            if (d.getDimValue() <= 0 || d.getDimValue() > Integer.MAX_VALUE - 8) {
                throw new ModelFormatException(f + ": the graph input has " + d.getDimValue() + " features");
            }
            return (int) d.getDimValue();
        }
        return -1;
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
        switch (op) {
            case "Gemm" -> gemm(n, where);
            case "MatMul" -> matmul(n, where);
            case "Add" -> add(n, where);
            case "Relu" -> activation(n, where, PluginRef.of("relu"));
            case "Sigmoid" -> activation(n, where, PluginRef.of("sigmoid"));
            case "Tanh" -> activation(n, where, PluginRef.of("tanh"));
            case "Softplus" -> activation(n, where, PluginRef.of("softplus"));
            case "Softmax" -> {
                long axis = intAttr(n, "axis", opset >= 13 ? -1 : 1);
                if (axis != 1 && axis != -1) {
                    throw new ModelFormatException(f + ": " + where + " takes the softmax over axis " + axis
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
            case "Flatten" -> {
                if (!layers.isEmpty() || intAttr(n, "axis", 1) != 1) {
                    throw new ModelFormatException(f + ": " + where + " is supported only on the 2-D graph input "
                            + "with axis 1, where it changes nothing");
                }
                pass(n, where);
            }
            default -> throw unsupported(n, k, "operator " + OnnxImport.quote(op));
        }
    }

    private ModelFormatException unsupported(NodeProto n, int k, String what) {
        return new ModelFormatException(f + ": " + OnnxImport.node(n, k) + ": " + what + " is not supported; nnj "
                + "imports MLPs made of " + String.join(", ", OnnxImport.SUPPORTED)
                + (layers.isEmpty() ? "" : " (convolution and pooling layers are not in nnj yet)"));
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
        throw new ModelFormatException(f + ": " + where + " has no float value (attribute value, value_float or "
                + "value_floats); other constants are not supported");
    }

    /** The node's data input must be the current end of the chain; other inputs must be constants. */
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

    private void gemm(NodeProto n, String where) {
        requireChain(n, where, 0);
        if (intAttr(n, "transA", 0) != 0) {
            throw new ModelFormatException(f + ": " + where + " has transA = 1; expected the input untransposed");
        }
        boolean transB = intAttr(n, "transB", 0) != 0;
        double alpha = floatAttr(n, "alpha", 1f);
        double beta = floatAttr(n, "beta", 1f);
        TensorProto b = weight(n, where, 1);
        if (b == null) {
            throw new ModelFormatException(f + ": " + where + " has no input B (the weights)");
        }
        Dense d = dense(b, transB, alpha, where);
        TensorProto c = weight(n, where, 2);
        if (c != null) {
            d.bias = bias(c, d.units, beta, where);
        } else {
            d.biasOpen = true;
        }
        advance(n, d);
    }

    private void matmul(NodeProto n, String where) {
        requireChain(n, where, 0);
        TensorProto b = weight(n, where, 1);
        if (b == null) {
            throw new ModelFormatException(f + ": " + where + " has no input B (the weights)");
        }
        Dense d = dense(b, false, 1, where);
        d.biasOpen = true;
        advance(n, d);
    }

    /** A dense layer from B of a product {@code x B} ({@code x B^T} when transposed), scaled by alpha. */
    private Dense dense(TensorProto b, boolean transposed, double alpha, String where) {
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
        if (width >= 0 && inputs != width) {
            throw new ModelFormatException(f + ": " + where + " takes " + inputs + " inputs (weights "
                    + b.getDimsList() + (transposed ? ", transposed" : "") + "), the tensor before it has " + width
                    + " columns");
        }
        double[] v = Tensors.values(b, f);
        double[] w = new double[v.length];
        for (int u = 0; u < units; u++) {
            for (int i = 0; i < inputs; i++) {
                w[u * inputs + i] = alpha * (transposed ? v[u * inputs + i] : v[i * units + u]);
            }
        }
        return new Dense(inputs, units, w);
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
        Dense last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (last == null || !last.biasOpen || n.getInputCount() != 2) {
            throw new ModelFormatException(f + ": " + where + ": Add is supported only as the bias right after a "
                    + "MatMul or a Gemm without one; nnj imports MLPs made of " + String.join(", ", OnnxImport.SUPPORTED));
        }
        int data = n.getInput(0).equals(current) ? 0 : 1;
        requireChain(n, where, data);
        TensorProto c = weight(n, where, 1 - data);
        last.bias = bias(c, last.units, 1, where);
        last.biasOpen = false;
        current = n.getOutput(0);
    }

    private void activation(NodeProto n, String where, PluginRef act) {
        requireChain(n, where, 0);
        Dense last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (last == null || last.activation != null) {
            throw new ModelFormatException(f + ": " + where + " follows " + (last == null ? "no dense layer"
                    : "another activation") + "; nnj runs one activation after each dense layer (Gemm or MatMul)");
        }
        last.activation = act;
        last.biasOpen = false;
        current = n.getOutput(0);
    }

    private void pass(NodeProto n, String where) {
        requireChain(n, where, 0);
        current = n.getOutput(0);
    }

    private void advance(NodeProto n, Dense d) {
        layers.add(d);
        width = d.units;
        current = n.getOutput(0);
    }

    private static long intAttr(NodeProto n, String name, long dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return dflt;
    }

    private static float floatAttr(NodeProto n, String name, float dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getF();
            }
        }
        return dflt;
    }

    private double nonNegative(NodeProto n, String where, float v) {
        if (!(v >= 0) || Float.isInfinite(v)) {
            throw new ModelFormatException(f + ": " + where + " has alpha " + v + "; nnj's needs a finite alpha >= 0");
        }
        return v;
    }
}
