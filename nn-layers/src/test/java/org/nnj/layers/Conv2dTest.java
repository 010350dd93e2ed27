package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.testkit.LayerContract;

class Conv2dTest extends LayerContract {
    @Override
    protected Layer layer() {
        Conv2d plain = new Conv2d();
        return plain.configure(Config.resolve(plain.name(), plain.parameters(), Map.of("filters", 3, "kernel_size", 3, "padding", 1, "activation", "tanh")));
    }

    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.image(2, 5, 7), Shape.image(1, 6, 4)};
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("filters", 2, "kernel_size", 2, "stride", 2, "use_bias", false),
                Map.of("filters", 4, "kernel_size", 3, "padding", "same", "dilation", 2),
                Map.of("filters", 1, "kernel_size", 1, "l1", 0.01, "l2", 0.1, "initializer", "he_normal"),
                Map.of("filters", 2, "kernel_size", 2, "stride", 2, "padding", 2, "dilation", 2),
                Map.of("filters", 2, "kernel_size", List.of(3, 2), "stride", List.of(2, 1), "padding", List.of(1, 0),
                        "dilation", List.of(1, 2)),
                Map.of("filters", 3, "kernel_size", List.of(1, 3), "padding", "same", "dilation", List.of(1, 2)));
    }

    @Test
    void aBatchCutIntoChunksGivesTheSameResultAsOneChunk() {
        Layer conv = configured(Map.of("filters", 3, "kernel_size", 3, "stride", 2, "padding", 1));
        Shape in = Shape.image(2, 5, 7);
        Built whole = build(conv, in, Precision.FLOAT64, 4);
        Built cut = build(conv, in, Precision.FLOAT64, 4);
        Conv2dRuntime rt = (Conv2dRuntime) cut.runtime;
        rt.chunkValues = 2 * 12 * 18; // two samples of 12 output pixels and 18 patch values per chunk
        assertEquals(2, rt.chunkSamples(7));
        java.util.Random r = new java.util.Random(3);
        Mat x = Mat.zeros(Precision.FLOAT64, 7, in.size());
        Mat g = Mat.zeros(Precision.FLOAT64, 7, 3 * 12);
        for (Mat m : new Mat[] {x, g}) {
            for (int i = 0; i < m.size(); i++) {
                m.setFlat(i, r.nextGaussian());
            }
        }
        Mat[] results = new Mat[4];
        int i = 0;
        for (Built b : new Built[] {whole, cut}) {
            Mat y = Mat.zeros(Precision.FLOAT64, 7, 36);
            Mat dx = Mat.zeros(Precision.FLOAT64, 7, in.size());
            var st = b.runtime.newState(7);
            b.runtime.forward(x, y, st, true);
            b.runtime.backward(x, y, g, dx, st);
            results[i++] = y;
            results[i++] = dx;
        }
        assertArrayEquals(results[0].toDoubleArray(), results[2].toDoubleArray(), 1e-12);
        assertArrayEquals(results[1].toDoubleArray(), results[3].toDoubleArray(), 1e-12);
        for (int t = 0; t < 2; t++) {
            assertArrayEquals(whole.grads.get(t).toDoubleArray(), cut.grads.get(t).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void outputShapesFollowPyTorchsFormula() {
        Layer same = configured(Map.of("filters", 8, "kernel_size", 3, "padding", "same"));
        assertEquals(Shape.image(8, 28, 28), same.outputShape(Shape.image(1, 28, 28)));
        Layer strided = configured(Map.of("filters", 4, "kernel_size", 3, "stride", 2, "padding", 1));
        assertEquals(Shape.image(4, 14, 14), strided.outputShape(Shape.image(3, 28, 28)), "floor(27/2)+1");
        assertEquals(Shape.image(4, 3, 4), strided.outputShape(Shape.image(3, 5, 7)));
        Layer dilated = configured(Map.of("filters", 2, "kernel_size", 3, "dilation", 2));
        assertEquals(Shape.image(2, 1, 3), dilated.outputShape(Shape.image(1, 5, 7)));
        Layer rect = configured(Map.of("filters", 5, "kernel_size", List.of(3, 5), "stride", List.of(1, 2),
                "padding", List.of(1, 2), "dilation", List.of(2, 1)));
        // height: floor((9 + 2 - 2 * 2 - 1) / 1) + 1 = 7; width: floor((10 + 4 - 4 - 1) / 2) + 1 = 5
        assertEquals(Shape.image(5, 7, 5), rect.outputShape(Shape.image(3, 9, 10)));
        Layer sameRect = configured(Map.of("filters", 1, "kernel_size", List.of(1, 4), "padding", "same"));
        assertEquals(Shape.image(1, 6, 9), sameRect.outputShape(Shape.image(2, 6, 9)));
        Built b = build(rect, Shape.image(3, 9, 10), Precision.FLOAT32, 1);
        assertEquals(5 * 3 * 3 * 5, b.params.get(0).size(), "weight: filters x (channels * kh * kw)");
    }

    @Test
    void shapesItCannotTakeAreRefusedNamingThem() {
        Layer conv = configured(Map.of("filters", 8, "kernel_size", 5));
        assertEquals("input 1x3x9 is smaller than the 5x5 window", assertThrows(ConfigException.class,
                () -> conv.outputShape(Shape.image(1, 3, 9))).getMessage());
        assertEquals("expected an input of channels x height x width, got 784 (a flat vector; give the spec's input "
                + "as [channels, height, width])", assertThrows(ConfigException.class,
                () -> conv.outputShape(Shape.flat(784))).getMessage());
        Layer same = configured(Map.of("filters", 8, "kernel_size", 3, "stride", 2, "padding", "same"));
        assertEquals("padding \"same\" needs stride 1 (as in PyTorch), got stride 2; give the padding as a number",
                assertThrows(ConfigException.class, () -> same.outputShape(Shape.image(1, 8, 8))).getMessage());
        Layer sameRect = configured(Map.of("filters", 8, "kernel_size", 3, "stride", List.of(1, 2), "padding", "same"));
        assertEquals("padding \"same\" needs stride 1 (as in PyTorch), got stride 1x2; give the padding as a number",
                assertThrows(ConfigException.class, () -> sameRect.outputShape(Shape.image(1, 8, 8))).getMessage());
        Layer rect = configured(Map.of("filters", 8, "kernel_size", List.of(2, 7), "dilation", List.of(1, 2),
                "padding", List.of(0, 1)));
        assertEquals("input 1x9x10 is smaller than the 2x7 with dilation 1x2 window with padding 0x1",
                assertThrows(ConfigException.class, () -> rect.outputShape(Shape.image(1, 9, 10))).getMessage());
        assertEquals(Shape.image(8, 8, 1), rect.outputShape(Shape.image(1, 9, 11)));
    }
}
