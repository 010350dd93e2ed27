package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nnj.io.TestSupport.READER;
import static org.nnj.io.TestSupport.REGISTRY;
import static org.nnj.io.TestSupport.assertConfigError;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.core.Network;

/**
 * A spec's {@code "input"} is a number (a flat vector) or a list of dimensions; the shape survives writing the
 * spec and saving the model, and a plain number still reads as before.
 */
class ShapedInputTest {
    @TempDir
    Path dir;

    private static final String IMAGE_SPEC = "{\"name\": \"img\", \"input\": [1, 4, 3], \"precision\": \"float64\","
            + " \"layers\": [{\"type\": \"dropout\", \"rate\": 0.1}, {\"type\": \"dense\", \"units\": 2,"
            + " \"activation\": \"softmax\"}], \"loss\": \"categorical_crossentropy\"}";

    @Test
    void aListIsAShapeAndANumberAFlatVector() {
        ModelSpec spec = READER.read(IMAGE_SPEC, "img.json");
        assertEquals(Shape.image(1, 4, 3), spec.network().inputShape());
        assertEquals(12, spec.network().inputSize());
        ModelSpec again = READER.read(SpecWriter.toCompactJson(spec), "again");
        assertEquals(spec.network(), again.network());
        assertEquals(Shape.flat(4), Fixtures.irisLike(Precision.FLOAT32, 1).network().inputShape());
        String flat = SpecWriter.toCompactJson(Fixtures.irisLike(Precision.FLOAT32, 1));
        assertEquals(true, flat.contains("\"input\":4"), flat);
    }

    @Test
    void badShapesNameTheField() {
        assertConfigError(() -> READER.read(IMAGE_SPEC.replace("[1, 4, 3]", "[]"), "s"), "input", "empty list");
        assertConfigError(() -> READER.read(IMAGE_SPEC.replace("[1, 4, 3]", "[1, 0, 3]"), "s"), "input[1]",
                "outside the valid range");
        assertConfigError(() -> READER.read(IMAGE_SPEC.replace("[1, 4, 3]", "[1, \"4\", 3]"), "s"), "input[1]",
                "whole number");
    }

    @Test
    void theModelFileKeepsTheInputShape() {
        ModelSpec spec = READER.read(IMAGE_SPEC, "img.json");
        Network net = Network.build(spec.network(), REGISTRY);
        Path file = dir.resolve("img.safetensors");
        ModelFile.save(file, net, spec, ModelMetadata.empty());
        LoadedModel loaded = ModelFile.load(file, REGISTRY);
        assertEquals(Shape.image(1, 4, 3), loaded.network().inputShape());
        Mat x = Mat.zeros(Precision.FLOAT64, 2, 12);
        x.setFlat(5, 1.0);
        assertArrayEquals(net.predict(x).toDoubleArray(), loaded.network().predict(x).toDoubleArray());
    }
}
