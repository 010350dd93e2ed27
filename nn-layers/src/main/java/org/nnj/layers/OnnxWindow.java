package org.nnj.layers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ONNX attributes of a {@link Window}, for the {@code Conv}, {@code MaxPool} and {@code AveragePool} nodes the
 * image layers export: {@code kernel_shape}, {@code strides}, {@code pads} (top, left, bottom, right: ONNX's order
 * of begins then ends) and, where the operator has them, {@code dilations}.
 */
final class OnnxWindow {
    private OnnxWindow() {
    }

    static Map<String, Object> attributes(Window w, boolean dilations) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kernel_shape", new long[] {w.kh, w.kw});
        a.put("strides", new long[] {w.strideH, w.strideW});
        a.put("pads", new long[] {w.padTop, w.padLeft, w.padBottom, w.padRight});
        if (dilations) {
            a.put("dilations", new long[] {w.dilationH, w.dilationW});
        }
        return a;
    }
}
