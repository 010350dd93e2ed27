package org.nnj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.Shape;

/**
 * Shapes through the network: the spec's input shape reaches the first layer, each layer's declared output shape
 * the next; a layer written against {@code outputSize(int)} (the fixture {@code affine}) sees its input flattened;
 * a layer refusing a shape fails naming the layer and the shape; buffers are laid out apart from the parameters,
 * named like them, and only a training pass changes them. On nn-core's test layers {@code halve} (reads
 * channels x height x width) and {@code tally} (a buffer).
 */
class ShapesTest {

    @Test
    void eachLayerSeesThePreviousLayersShapeAndOldLayersSeeItFlat() {
        Network net = Nets.network(2, 4, 6).layer("halve").layer("tally").layer("affine", "units", 3)
                .loss("half_square").precision(Precision.FLOAT64).build();
        assertEquals(Shape.image(2, 4, 6), net.inputShape());
        assertEquals(48, net.inputSize());
        List<Stage> stages = net.stages();
        assertEquals(Shape.image(2, 2, 3), stages.get(0).outputShape());
        assertEquals(Shape.image(2, 2, 3), stages.get(1).outputShape());
        assertEquals(12, stages.get(2).runtime().inputSize(), "affine sees the 2x2x3 input as 12 columns");
        assertEquals(Shape.flat(3), net.outputShape());
        assertEquals(List.of(3, 12), List.of(net.namedParameters().get(0).value().rows(),
                net.namedParameters().get(0).value().cols()));
    }

    @Test
    void aShapeErrorNamesTheLayerAndTheShape() {
        ConfigException e = assertThrows(ConfigException.class, () -> Nets.network(2, 5, 6).layer("halve")
                .loss("half_square").build());
        assertEquals("layers[0] (halve): input 2x5x6 cannot be halved to a whole size", e.getMessage());
        ConfigException flat = assertThrows(ConfigException.class, () -> Nets.network(3).layer("affine", "units", 8)
                .layer("halve").loss("half_square").build());
        assertEquals("layers[1] (halve): expected an input of channels x height x width, got 8", flat.getMessage());
    }

    @Test
    void buffersLiveApartFromParametersAndOnlyTrainingChangesThem() {
        Network net = Nets.network(2, 2, 2).layer("tally").layer("affine", "units", 2).loss("half_square")
                .precision(Precision.FLOAT64).build();
        assertEquals(1, net.buffers().cols());
        assertEquals(List.of("layers.0.seen"), net.namedBuffers().stream().map(NamedTensor::name).toList());
        assertEquals(List.of("layers.1.weight", "layers.1.bias", "layers.0.seen"),
                net.namedState().stream().map(NamedTensor::name).toList());
        assertEquals(2 * 8 + 2, net.parameterCount(), "the buffer is not a parameter");
        List<Network.PlannedTensor> plan = Network.plan(net.spec(), net.registry());
        assertEquals(3, plan.size());
        assertFalse(plan.get(0).buffer());
        assertTrue(plan.get(2).buffer());

        Mat x = Mat.zeros(Precision.FLOAT64, 5, 8);
        Mat y = Mat.zeros(Precision.FLOAT64, 5, 2);
        net.predict(x);
        assertEquals(0.0, net.buffers().getFlat(0), "inference leaves buffers alone");
        Trainer t = new Trainer(net, Nets.train(net).optimizer("plain_sgd", "lr", 0.1).options());
        t.step(x, y);
        t.step(x, y);
        assertEquals(10.0, net.buffers().getFlat(0), "each training pass counted its 5 rows");
    }

    @Test
    void summaryListsEachLayerWithItsOutputShapeAndParameters() {
        Network net = Nets.network(2, 4, 6).layer("halve").layer("affine", "units", 3, "activation", "test_logistic")
                .loss("half_square").build();
        String text = NetworkSummary.of(net);
        String[] lines = text.split("\n");
        assertTrue(lines[0].startsWith("layer"), text);
        assertTrue(lines[1].matches("input\\s+2x4x6\\s+0"), text);
        assertTrue(lines[2].matches("layers\\[0] halve\\s+2x2x3\\s+0"), text);
        assertTrue(lines[3].matches("layers\\[1] affine -> test_logistic\\s+3\\s+39"), text);
        assertEquals("total: 39 parameters (trainable), 0 buffer values, float32", lines[4]);
    }
}
