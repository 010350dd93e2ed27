package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.io.ModelFileTest.bitEqual;
import static org.nnj.io.TestSupport.REGISTRY;
import static org.nnj.io.TestSupport.assertFormatError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.EpochResult;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingListener;
import org.nnj.core.TrainingOptions;
import org.nnj.io.internal.AtomicFile;

class CheckpointTest {
    @TempDir
    Path dir;

    /** Stops a run after an epoch, as a crash would. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumingFromACheckpointEndsBitIdenticalToAnUninterruptedRun(Precision p) {
        ModelSpec spec = Fixtures.irisLike(p, 6);
        Mat[] d = Fixtures.blobs(p, 5);
        Mat[] v = Fixtures.blobs(p, 6);

        Network straight = Network.build(spec.network(), REGISTRY);
        new Trainer(straight, spec.training().options(straight, REGISTRY, v[0], v[1])).fit(d[0], d[1]);

        Path file = dir.resolve("run.ckpt");
        Network interrupted = Network.build(spec.network(), REGISTRY);
        CheckpointListener ckpt = CheckpointListener.of(file, spec, Fixtures.metadata());
        TrainingOptions options = spec.training().options(interrupted, REGISTRY).validation(v[0], v[1])
                .listener(ckpt).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult r) {
                        if (r.epoch() == 4) {
                            throw new Crash();
                        }
                    }
                }).build();
        Trainer t = new Trainer(interrupted, options);
        ckpt.attach(t);
        assertThrows(Crash.class, () -> t.fit(d[0], d[1]));
        assertEquals(3, ckpt.lastSavedEpoch());

        LoadedCheckpoint c = Checkpoint.load(file, REGISTRY);
        assertEquals(spec, c.spec());
        assertEquals(Fixtures.metadata(), c.metadata());
        assertEquals(3, c.progress().completedEpochs());
        assertEquals(3, c.progress().history().size());
        assertNotNull(c.progress().earlyStopping().bestWeights());
        assertTrue(c.optimizerState().stream().anyMatch(s -> s.name().equals("exp_avg")));
        Trainer resumed = c.restoreTrainer(c.trainingOptions(REGISTRY).validation(v[0], v[1]).build());
        resumed.resume(d[0], d[1], c.progress());
        assertTrue(bitEqual(straight.parameters(), c.network().parameters()),
                "resumed parameters equal the uninterrupted run's bit for bit");
        assertEquals(6, resumed.progress().history().size());
    }

    @Test
    void progressRoundTripsExactly() {
        ModelSpec spec = Fixtures.irisLike(Precision.FLOAT64, 3);
        Network net = Network.build(spec.network(), REGISTRY);
        Mat[] d = Fixtures.blobs(Precision.FLOAT64, 1);
        Trainer t = new Trainer(net, spec.training().options(net, REGISTRY).build());
        t.fit(d[0], d[1]);
        Path file = dir.resolve("c.ckpt");
        Checkpoint.save(file, t, spec, ModelMetadata.empty());
        LoadedCheckpoint c = Checkpoint.load(file, REGISTRY);
        Trainer.Progress a = t.progress();
        Trainer.Progress b = c.progress();
        assertEquals(a.completedEpochs(), b.completedEpochs());
        assertEquals(a.steps(), b.steps());
        assertEquals(a.history(), b.history(), "NaN validation figures and all doubles read back exactly");
        assertEquals(a.earlyStopping().best(), b.earlyStopping().best());
        assertEquals(a.earlyStopping().bestEpoch(), b.earlyStopping().bestEpoch());
        assertTrue(bitEqual(a.earlyStopping().bestWeights(), b.earlyStopping().bestWeights()));
        for (int i = 0; i < c.optimizerState().size(); i++) {
            assertTrue(bitEqual(t.updater().state().get(i).value(), c.optimizerState().get(i).value()));
        }
        assertFormatError(() -> ModelFile.load(file, REGISTRY), "\"nnj-checkpoint\"", "Checkpoint.load");
    }

    @Test
    void restoringWithAnotherOptimizerFailsNamingBoth() {
        ModelSpec spec = Fixtures.irisLike(Precision.FLOAT32, 3);
        Network net = Network.build(spec.network(), REGISTRY);
        Mat[] d = Fixtures.blobs(Precision.FLOAT32, 1);
        Trainer t = new Trainer(net, spec.training().options(net, REGISTRY).build());
        t.fit(d[0], d[1]);
        Path file = dir.resolve("c.ckpt");
        Checkpoint.save(file, t, spec, ModelMetadata.empty());
        LoadedCheckpoint c = Checkpoint.load(file, REGISTRY);
        TrainingOptions sgd = TrainingOptions.builder(REGISTRY.create(org.nnj.api.spi.PluginKind.OPTIMIZER,
                PluginRef.of("sgd", Map.of("momentum", 0.9)), "optimizer")).build();
        var e = assertThrows(IllegalArgumentException.class, () -> c.restoreTrainer(sgd));
        assertTrue(e.getMessage().contains("exp_avg") && e.getMessage().contains("\"sgd\""), e.getMessage());
    }

    @Test
    void theListenerNeedsItsTrainerAndKeepsTheLastGoodCheckpoint() throws Exception {
        ModelSpec spec = Fixtures.irisLike(Precision.FLOAT32, 2);
        Network net = Network.build(spec.network(), REGISTRY);
        Mat[] d = Fixtures.blobs(Precision.FLOAT32, 1);
        Path file = dir.resolve("c.ckpt");
        CheckpointListener unattached = new CheckpointListener(file, spec, ModelMetadata.empty(), 1);
        Trainer t = new Trainer(net, spec.training().options(net, REGISTRY).listener(unattached).build());
        var e = assertThrows(IllegalStateException.class, () -> t.fit(d[0], d[1]));
        assertTrue(e.getMessage().contains("attach(trainer)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CheckpointListener(file, spec, ModelMetadata.empty(), 0));

        CheckpointListener every = new CheckpointListener(file, spec, ModelMetadata.empty(), 1);
        Trainer t2 = new Trainer(net, spec.training().options(net, REGISTRY).listener(every).build());
        every.attach(t2);
        t2.fit(d[0], d[1]);
        assertEquals(2, every.lastSavedEpoch());
        byte[] good = Files.readAllBytes(file);
        AtomicFile.channelHook = ch -> new ModelFileTest.FailingChannel(ch, 1000);
        try {
            Trainer t3 = new Trainer(net, spec.training().options(net, REGISTRY).listener(every).build());
            every.attach(t3);
            assertThrows(java.io.UncheckedIOException.class, () -> t3.fit(d[0], d[1]));
        } finally {
            AtomicFile.channelHook = null;
        }
        assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(file)), "a failed save keeps the last checkpoint");
        assertEquals(2, Checkpoint.load(file, REGISTRY).progress().completedEpochs());
    }
}
