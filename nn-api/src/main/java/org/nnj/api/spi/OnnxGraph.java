package org.nnj.api.spi;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * The ONNX graph an {@link OnnxExportable} plugin adds its operators to: a small builder, so that plugins need no
 * protobuf or ONNX library. Names of constants and node outputs are made unique by the builder.
 */
@API(status = API.Status.EXPERIMENTAL)
public interface OnnxGraph {

    /** The operator set version of the default ONNX domain the graph is written for (nodes must exist in it). */
    int opset();

    /**
     * A float32 constant (an initializer) holding {@code values} in row-major order with shape {@code dims}
     * (no dims: a scalar); returns its name.
     *
     * @throws IllegalArgumentException if the product of {@code dims} differs from {@code values.length}
     */
    String constant(String hint, double[] values, long... dims);

    /** A float32 constant holding the matrix {@code m}, with shape {@code dims} (none: {@code [rows, cols]}). */
    String constant(String hint, Mat m, long... dims);

    /** An int64 constant with shape {@code dims} (for operators such as Reshape); returns its name. */
    String intConstant(String hint, long[] values, long... dims);

    /**
     * Adds a node of the default ONNX domain with one output and returns the output's name.
     *
     * @param op         the operator type ({@code "Gemm"}, {@code "Sigmoid"}, ...)
     * @param inputs     the input tensors' names, in the operator's order ({@code ""} for an omitted optional one)
     * @param attributes attribute values: Integer or Long (INT), Float or Double (FLOAT), String (STRING),
     *                   long[] or int[] (INTS), float[] or double[] (FLOATS)
     * @throws IllegalArgumentException for an attribute value of another type
     */
    String node(String op, List<String> inputs, Map<String, Object> attributes);
}
