package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.io.TestSupport.REGISTRY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.nnj.api.Mat;
import org.nnj.api.ModelFormatException;
import org.nnj.api.Precision;
import org.nnj.core.Network;
import org.nnj.core.Trainer;

/**
 * Mutated and random model and checkpoint files: every case either loads or throws a
 * {@link ModelFormatException} naming the file; never another exception, a hang or an out-of-memory error (the
 * header length and every tensor's size are checked before allocation). Per build: 2,000 mutated model files
 * (float32 and float64), 1,500 files with random safetensors headers and 1,000 mutated checkpoints (4,500
 * cases; see {@link FuzzCounts}).
 */
class ModelFuzzTest {
    static Path dir;
    static byte[][] models;
    static byte[] checkpoint;
    static final String[] TOKENS = {"{", "}", "\"", ",", "[", "]", "0", "9", "-1", "F64", "F32", "I8", "4294967296",
        "99999999999999999999", "\"shape\"", "\"dtype\"", "\"data_offsets\"", "\"__metadata__\"", "null", "1.5"};

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("nnj-fuzz");
        models = new byte[2][];
        for (Precision p : Precision.values()) {
            ModelSpec spec = HostileFilesTest.small().withNetwork(HostileFilesTest.small().network().withPrecision(p));
            Path f = dir.resolve("base.safetensors");
            ModelMetadata meta = new ModelMetadata(List.of("no", "yes"), List.of("x", "y"), "minmax",
                    java.util.Map.of("min", new double[] {0, 0}, "max", new double[] {1, 2}), java.util.Map.of("k", "v"));
            ModelFile.save(f, Network.build(spec.network(), REGISTRY), spec, meta);
            models[p.ordinal()] = Files.readAllBytes(f);
        }
        ModelSpec spec = Fixtures.irisLike(Precision.FLOAT32, 1);
        Network net = Network.build(spec.network(), REGISTRY);
        Mat[] d = Fixtures.blobs(Precision.FLOAT32, 1);
        Trainer t = new Trainer(net, spec.training().options(net, REGISTRY).build());
        t.fit(d[0], d[1]);
        Path c = dir.resolve("base.ckpt");
        Checkpoint.save(c, t, spec, ModelMetadata.empty());
        checkpoint = Files.readAllBytes(c);
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    static Path write(byte[] b) {
        Path p = dir.resolve("case.safetensors");
        try {
            Files.write(p, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static void loadOrFormatError(byte[] b, boolean asCheckpoint) {
        Path p = write(b);
        try {
            if (asCheckpoint) {
                Checkpoint.load(p, REGISTRY);
            } else {
                ModelFile.load(p, REGISTRY);
            }
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        }
    }

    static byte[] mutateMany(byte[] base, Random r) {
        byte[] b = base;
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(8) == 0 && b.length >= 8) {
                b = b.clone();
                long forged = switch (r.nextInt(4)) {
                    case 0 -> r.nextLong();
                    case 1 -> r.nextInt(b.length + 16) - 8;
                    case 2 -> 1L << r.nextInt(63);
                    default -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong() + r.nextInt(17) - 8;
                };
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, forged);
            } else if (r.nextInt(10) == 0) {
                b = Mutations.splice(b, b.length, 0, new byte[r.nextInt(64)]);
            } else {
                b = Mutations.mutate(b, r, TOKENS);
            }
        }
        return b;
    }

    @Property(tries = FuzzCounts.MODEL_MUTATED)
    void mutatedModelFiles(@ForAll long seed) {
        Random r = new Random(seed);
        loadOrFormatError(mutateMany(models[r.nextInt(2)], r), false);
    }

    @Property(tries = FuzzCounts.CHECKPOINT_MUTATED)
    void mutatedCheckpoints(@ForAll long seed) {
        Random r = new Random(seed);
        loadOrFormatError(mutateMany(checkpoint, r), true);
    }

    @Property(tries = FuzzCounts.MODEL_RANDOM_HEADER)
    void randomHeaders(@ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder h = new StringBuilder("{");
        if (r.nextInt(5) > 0) {
            h.append("\"__metadata__\": {\"format\": \"").append(r.nextInt(4) > 0 ? "nnj-model" : "x")
                    .append("\", \"format_version\": \"1\", \"checksum\": \"").append("0".repeat(64)).append("\"}");
        }
        long at = 0;
        String[] names = {"layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "w", "layers.0.weight"};
        for (int i = r.nextInt(6); i > 0; i--) {
            long rows = r.nextInt(5) == 0 ? r.nextLong() : r.nextInt(5);
            long cols = r.nextInt(5) == 0 ? (long) Integer.MAX_VALUE + r.nextInt(3) : r.nextInt(5);
            String dtype = List.of("F32", "F64", "F16", "BOOL").get(r.nextInt(4));
            long bytes = rows * cols * (dtype.equals("F64") ? 8 : 4);
            long begin = r.nextInt(6) == 0 ? r.nextInt(100) - 50 : at;
            long end = r.nextInt(6) == 0 ? r.nextLong() : begin + bytes;
            at = end;
            h.append(h.length() > 1 ? ", " : "").append('"').append(names[r.nextInt(names.length)])
                    .append("\": {\"dtype\": \"").append(dtype).append("\", \"shape\": [").append(rows).append(", ")
                    .append(cols).append("], \"data_offsets\": [").append(begin).append(", ").append(end).append("]}");
        }
        h.append('}');
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        int data = r.nextInt(4) == 0 ? r.nextInt(200) : (int) Math.max(0, Math.min(at, 4096));
        long length = r.nextInt(4) == 0 ? r.nextLong() : json.length;
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(length).put(json);
        loadOrFormatError(b.array(), r.nextInt(4) == 0);
    }
}
