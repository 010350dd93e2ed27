package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.io.TestSupport.REGISTRY;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.core.EarlyStopping;
import org.nnj.core.EpochResult;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingListener;
import org.nnj.core.TrainingOptions;
import org.nnj.core.TrainingSpec;

/**
 * A network with buffers (batch norm's running statistics) and image layers: the buffers are saved in model files
 * and checkpoints beside the parameters and restored with them, so a loaded model predicts as the saved one and a
 * resumed run ends bit-identical to an uninterrupted one.
 */
class BufferedModelsTest {
    @TempDir
    Path dir;

    static ModelSpec spec(int epochs) {
        NetworkSpec n = new NetworkSpec(Shape.image(1, 2, 2), List.of(
                PluginRef.of("conv2d", Map.of("filters", 3, "kernel_size", 2, "padding", 1, "activation", "relu")),
                PluginRef.of("batch_norm", Map.of()),
                PluginRef.of("max_pool2d", Map.of("kernel_size", 3)),
                PluginRef.of("flatten", Map.of()),
                PluginRef.of("layer_norm", Map.of()),
                PluginRef.of("dense", Map.of("units", 3, "activation", "softmax"))),
                PluginRef.of("categorical_crossentropy"), Precision.FLOAT64, 3);
        TrainingSpec t = new TrainingSpec(PluginRef.of("adam", Map.of("lr", 0.01)), epochs, 16, true, null,
                null, 0, 0, new EarlyStopping("loss", 100, 0, true), 0, 3);
        return new ModelSpec("buffered", "", n, t, null);
    }

    @Test
    void aModelFileHoldsTheBuffersAndLoadsThem() {
        ModelSpec spec = spec(3);
        Network net = Network.build(spec.network(), REGISTRY);
        assertEquals(List.of("layers.1.running_mean", "layers.1.running_var"),
                net.namedBuffers().stream().map(NamedTensor::name).toList());
        Mat[] d = Fixtures.blobs(Precision.FLOAT64, 3);
        new Trainer(net, spec.training().options(net, REGISTRY).build()).fit(d[0], d[1]);
        assertNotEquals(0.0, net.buffers().getFlat(0), "training moved the running mean");
        Path file = dir.resolve("b.safetensors");
        ModelFile.save(file, net, spec, ModelMetadata.empty());
        LoadedModel loaded = ModelFile.load(file, REGISTRY);
        assertArrayEquals(net.buffers().toDoubleArray(), loaded.network().buffers().toDoubleArray());
        assertArrayEquals(net.parameters().toDoubleArray(), loaded.network().parameters().toDoubleArray());
        assertArrayEquals(net.predict(d[0]).toDoubleArray(), loaded.network().predict(d[0]).toDoubleArray());
    }

    @Test
    void perAxisWindowsAreSavedAsWrittenAndLoadAsTheSameNetwork() {
        Map<String, Object> conv = Map.of("filters", 2, "kernel_size", List.of(2, 1), "padding", List.of(1, 0),
                "stride", List.of(1, 1), "activation", "relu");
        NetworkSpec n = new NetworkSpec(Shape.image(1, 2, 2), List.of(PluginRef.of("conv2d", conv),
                PluginRef.of("max_pool2d", Map.of("kernel_size", List.of(3, 2))),
                PluginRef.of("dense", Map.of("units", 3, "activation", "softmax"))),
                PluginRef.of("categorical_crossentropy"), Precision.FLOAT64, 3);
        ModelSpec spec = new ModelSpec("per-axis", "", n, spec(1).training(), null);
        Network net = Network.build(n, REGISTRY);
        assertEquals(Shape.image(2, 1, 1), net.stages().get(2).outputShape(), "conv 2x3x2, pooled by 3x2");
        Path file = dir.resolve("p.safetensors");
        ModelFile.save(file, net, spec, ModelMetadata.empty());
        LoadedModel loaded = ModelFile.load(file, REGISTRY);
        assertEquals(List.of(2, 1), ints(loaded.spec().network().layers().get(0).params().get("kernel_size")));
        assertEquals(List.of(3, 2), ints(loaded.spec().network().layers().get(1).params().get("kernel_size")));
        Mat[] d = Fixtures.blobs(Precision.FLOAT64, 3);
        assertArrayEquals(net.predict(d[0]).toDoubleArray(), loaded.network().predict(d[0]).toDoubleArray());
    }

    /** A JSON array read back, as ints (the reader's numbers may be of another boxed type). */
    private static List<Integer> ints(Object list) {
        return ((List<?>) list).stream().map(o -> ((Number) o).intValue()).toList();
    }

    @Test
    void resumingRestoresTheBuffersAndEndsBitIdentical() {
        ModelSpec spec = spec(5);
        Mat[] d = Fixtures.blobs(Precision.FLOAT64, 5);
        Network straight = Network.build(spec.network(), REGISTRY);
        new Trainer(straight, spec.training().options(straight, REGISTRY).build()).fit(d[0], d[1]);

        Path file = dir.resolve("run.ckpt");
        Network interrupted = Network.build(spec.network(), REGISTRY);
        CheckpointListener ckpt = CheckpointListener.of(file, spec, ModelMetadata.empty());
        TrainingOptions options = spec.training().options(interrupted, REGISTRY).listener(ckpt)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult r) {
                        if (r.epoch() == 3) {
                            throw new CheckpointTest.Crash();
                        }
                    }
                }).build();
        Trainer t = new Trainer(interrupted, options);
        ckpt.attach(t);
        assertThrows(CheckpointTest.Crash.class, () -> t.fit(d[0], d[1]));
        LoadedCheckpoint c = Checkpoint.load(file, REGISTRY);
        assertEquals(interrupted.parameterCount() + interrupted.buffers().cols(),
                c.progress().earlyStopping().bestWeights().cols(), "the best weights hold the buffers too");
        Trainer resumed = c.restoreTrainer(c.trainingOptions(REGISTRY).build());
        resumed.resume(d[0], d[1], c.progress());
        assertArrayEquals(straight.parameters().toDoubleArray(), c.network().parameters().toDoubleArray());
        assertArrayEquals(straight.buffers().toDoubleArray(), c.network().buffers().toDoubleArray());
        assertTrue(straight.buffers().cols() == 6);
    }
}
