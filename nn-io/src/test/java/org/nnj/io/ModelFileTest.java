package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.io.TestSupport.REGISTRY;
import static org.nnj.io.TestSupport.assertFormatError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingOptions;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.internal.AtomicFile;

class ModelFileTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearHook() {
        AtomicFile.channelHook = null;
    }

    static Network trained(ModelSpec spec) {
        Network net = Network.build(spec.network(), REGISTRY);
        Mat[] d = Fixtures.blobs(spec.network().precision(), 3);
        TrainingOptions o = spec.training().withEpochs(3).options(net, REGISTRY).build();
        new Trainer(net, o).fit(d[0], d[1]);
        return net;
    }

    static boolean bitEqual(Mat a, Mat b) {
        if (a instanceof F32Mat x && b instanceof F32Mat y) {
            for (int i = 0; i < x.size(); i++) {
                if (Float.floatToRawIntBits((float) x.getFlat(i)) != Float.floatToRawIntBits((float) y.getFlat(i))) {
                    return false;
                }
            }
            return x.size() == y.size();
        }
        F64Mat x = (F64Mat) a;
        F64Mat y = (F64Mat) b;
        for (int i = 0; i < x.size(); i++) {
            if (Double.doubleToRawLongBits(x.getFlat(i)) != Double.doubleToRawLongBits(y.getFlat(i))) {
                return false;
            }
        }
        return x.size() == y.size();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void saveThenLoadGivesBitIdenticalPredictions(Precision p) {
        ModelSpec spec = Fixtures.irisLike(p, 3);
        Network net = trained(spec);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, net, spec, Fixtures.metadata());
        LoadedModel m = ModelFile.load(file, REGISTRY);
        assertEquals(spec, m.spec());
        assertEquals(Fixtures.metadata(), m.metadata());
        assertTrue(bitEqual(net.parameters(), m.network().parameters()));
        Mat x = Fixtures.blobs(p, 99)[0];
        assertTrue(bitEqual(net.predict(x), m.network().predict(x)));
        assertEquals(List.of(), List.of(dir.toFile().list()).stream().filter(n -> n.endsWith(".tmp")).toList());
        assertEquals(4, m.metadata().scaler().orElseThrow().featureCount());
        long aligned = 8 + ByteBuffer.wrap(readBytes(file), 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, aligned % 8, "the data starts 8-byte aligned");
    }

    @Test
    void javaBuiltNetworksAndEmptyMetadataWork() {
        Network net = Nets.network(2).dense(3, "relu").dense(1, "sigmoid").loss("binary_crossentropy").build();
        Path file = dir.resolve("xor.safetensors");
        ModelFile.save(file, net, ModelSpec.of(net.spec()), ModelMetadata.empty());
        LoadedModel m = ModelFile.load(file, REGISTRY);
        assertTrue(bitEqual(net.parameters(), m.network().parameters()));
        assertEquals(ModelMetadata.empty(), m.metadata());
        assertEquals("model", m.spec().name());
    }

    @Test
    void saveRefusesASpecOrMetadataThatDoesNotFit() {
        ModelSpec spec = Fixtures.irisLike(Precision.FLOAT32, 3);
        Network net = Network.build(spec.network(), REGISTRY);
        Path file = dir.resolve("x.safetensors");
        ModelSpec other = spec.withNetwork(spec.network().withSeed(8));
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, net, other, ModelMetadata.empty()));
        assertTrue(e.getMessage().contains("another network"), e.getMessage());
        var m = new ModelMetadata(List.of("a", "b"), List.of(), null, null, Map.of());
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, net, spec, m));
        assertTrue(e.getMessage().contains("2 class names for a network of 3 outputs"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    /** A channel that accepts {@code limit} bytes and then fails, as a full disk or a crash would. */
    static final class FailingChannel implements WritableByteChannel {
        private final WritableByteChannel inner;
        private long left;

        FailingChannel(WritableByteChannel inner, long limit) {
            this.inner = inner;
            this.left = limit;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (left <= 0) {
                throw new IOException("injected failure: no space left on device");
            }
            if (src.remaining() > left) {
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + (int) left);
                int n = inner.write(part);
                src.position(src.position() + n);
                left -= n;
                return n;
            }
            int n = inner.write(src);
            left -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    @Test
    void aFailedSaveLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        ModelSpec spec = Fixtures.irisLike(Precision.FLOAT32, 3);
        Network first = Network.build(spec.network(), REGISTRY);
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, first, spec, Fixtures.metadata());
        byte[] before = Files.readAllBytes(file);
        Network second = trained(spec);
        for (long limit : new long[] {0, 5, 100, before.length / 2, before.length - 1}) {
            AtomicFile.channelHook = ch -> new FailingChannel(ch, limit);
            var e = assertThrows(UncheckedIOException.class, () -> ModelFile.save(file, second, spec,
                    Fixtures.metadata()));
            assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file), "the previous file is intact after failing at " + limit);
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(file), s.toList(), "no temporary file is left behind");
            }
        }
        AtomicFile.channelHook = null;
        ModelFile.save(file, second, spec, Fixtures.metadata());
        assertTrue(bitEqual(second.parameters(), ModelFile.load(file, REGISTRY).network().parameters()));
    }

    @Test
    void aMissingPluginIsNamedWithTheInstalledOnes() {
        ModelSpec spec = Fixtures.irisLike(Precision.FLOAT32, 3);
        Network net = Network.build(spec.network(), REGISTRY);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, net, spec, ModelMetadata.empty());
        PluginRegistry withoutActivations = PluginRegistry.discover(getClass().getClassLoader(),
                List.of(org.nnj.api.spi.PluginKind.LAYER, org.nnj.api.spi.PluginKind.LOSS,
                        org.nnj.api.spi.PluginKind.OPTIMIZER, org.nnj.api.spi.PluginKind.INITIALIZER,
                        org.nnj.api.spi.PluginKind.SCHEDULE));
        assertFormatError(() -> ModelFile.load(file, withoutActivations), file.toString(),
                "needs 2 plugins that are not installed: layers[0].activation: activation \"tanh\", "
                + "layers[2].activation: activation \"softmax\"; installed: activation: none installed");
        NetworkSpec swish = new NetworkSpec(4, List.of(PluginRef.of("dense", Map.of("units", 3))),
                PluginRef.of("mse"), Precision.FLOAT32, 1);
        Network n2 = Network.build(swish, REGISTRY);
        Path f2 = dir.resolve("s.safetensors");
        ModelFile.save(f2, n2, ModelSpec.of(swish), ModelMetadata.empty());
        PluginRegistry noLosses = PluginRegistry.discover(getClass().getClassLoader(),
                List.of(org.nnj.api.spi.PluginKind.LAYER, org.nnj.api.spi.PluginKind.ACTIVATION,
                        org.nnj.api.spi.PluginKind.OPTIMIZER, org.nnj.api.spi.PluginKind.INITIALIZER));
        assertFormatError(() -> ModelFile.load(f2, noLosses), f2.toString(), "loss: unknown loss \"mse\"");
        rename(file);
        var e = assertFormatError(() -> ModelFile.load(file, REGISTRY),
                "unknown activation \"tanx\"; known: ", "elu", "tanh");
        assertTrue(e.getCause() instanceof org.nnj.api.ConfigException);
    }

    /** The model file with its spec's tanh renamed tanx and the checksum recomputed (a model from elsewhere). */
    private static void rename(Path file) {
        LoadedModel m = ModelFile.load(file, REGISTRY);
        String json = SpecWriter.toCompactJson(m.spec()).replace("tanh", "tanx");
        Map<String, String> meta = new java.util.LinkedHashMap<>(ModelFile.entries(ModelFile.FORMAT, m.network(),
                m.spec(), m.metadata()));
        meta.put(ModelFile.SPEC, json);
        AtomicFile.write(file, "model file", out -> Safetensors.write(out, meta, m.network().namedParameters()));
    }

    @Test
    void modelsAndCheckpointsAreNotConfused() {
        ModelSpec spec = Fixtures.irisLike(Precision.FLOAT32, 3);
        Network net = Network.build(spec.network(), REGISTRY);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, net, spec, ModelMetadata.empty());
        assertFormatError(() -> Checkpoint.load(file, REGISTRY), file.toString(), "\"nnj-model\"",
                "expected \"nnj-checkpoint\"", "ModelFile.load");
    }

    static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
