package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nnj.api.DataException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;

/**
 * Random and mutated IDX input: every case either loads or throws a {@link DataException} naming the source;
 * never another exception, a hang, or a huge allocation (surefire runs with -Xmx2g). Counts in
 * {@link FuzzCounts}.
 */
class IdxFuzzTest {
    private static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final Integer[] DIMS = {0, 1, 2, 3, 4, 28, 60000, 65536, Integer.MAX_VALUE, -1,
        Integer.MIN_VALUE, 0x01000000};

    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.oneOf(Arbitraries.of(DIMS), Arbitraries.integers());
    }

    @Provide
    Arbitrary<Integer> typeCodes() {
        return Arbitraries.oneOf(Arbitraries.of(0x08, 0x08, 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E),
                Arbitraries.integers().between(0, 255));
    }

    /** A header with 0..5 dimensions from {@link #DIMS} or anywhere, followed by up to 300 data bytes. */
    @Property(tries = FuzzCounts.IDX_RANDOM_HEADER)
    void randomHeadersLoadOrFailCleanly(@ForAll("typeCodes") int type,
                                        @ForAll("dims") int d0, @ForAll("dims") int d1, @ForAll("dims") int d2,
                                        @ForAll long seed, @ForAll boolean gzip, @ForAll boolean forgeTrailer) {
        Random r = new Random(seed);
        int ndims = r.nextInt(6);
        int[] all = {d0, d1, d2, r.nextInt(4), r.nextInt(4)};
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * ndims + 300);
        b.putInt((r.nextInt(20) == 0 ? r.nextInt() & 0xffff0000 : 0) | (type << 8) | ndims);
        for (int i = 0; i < ndims; i++) {
            b.putInt(all[i]);
        }
        byte[] data = new byte[r.nextInt(301)];
        r.nextBytes(data);
        b.put(data);
        byte[] bytes = java.util.Arrays.copyOf(b.array(), b.position());
        if (gzip) {
            bytes = TestFiles.gzip(bytes);
            if (forgeTrailer) { // claim the size the header asks for, so only the stream can tell
                long want = 4L + 4L * ndims + product(all, ndims);
                for (int i = 0; i < 4; i++) {
                    bytes[bytes.length - 4 + i] = (byte) (want >>> (8 * i));
                }
            }
        }
        readAll(bytes);
    }

    @Property(tries = FuzzCounts.IDX_MUTATED)
    void mutatedFilesLoadOrFailCleanly(@ForAll long seed, @ForAll boolean labels, @ForAll boolean gzipFirst) {
        Random r = new Random(seed);
        byte[] valid = labels ? TestFiles.idx(0x08, new int[] {20}, randomBytes(r, 20, 10))
                : TestFiles.idx(0x08, new int[] {5, 4, 3}, randomBytes(r, 60, 256));
        byte[] mutated = gzipFirst ? Mutator.mutate(TestFiles.gzip(valid), seed) : Mutator.mutate(valid, seed);
        readAll(mutated);
        if (gzipFirst && r.nextBoolean()) {
            readAll(TestFiles.gzip(mutated));
        }
    }

    @Property(tries = FuzzCounts.IDX_ROUND_TRIP)
    void validFilesLoadExactly(@ForAll long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(20);
        int rows = 1 + r.nextInt(5);
        int cols = 1 + r.nextInt(5);
        byte[] pixels = randomBytes(r, n * rows * cols, 256);
        byte[] labels = randomBytes(r, n, 10);
        byte[] images = TestFiles.idx(0x08, new int[] {n, rows, cols}, pixels);
        Dataset d = IdxReader.load(r.nextBoolean() ? TestFiles.gzip(images) : images, "img",
                TestFiles.idx(0x08, new int[] {n}, labels), "lab", Precision.FLOAT32, CLASSES);
        assertEquals(n, d.size());
        assertEquals(rows * cols, d.featureCount());
        for (int i = 0; i < n; i++) {
            assertEquals(labels[i], d.label(i));
        }
        for (int k = 0; k < pixels.length; k++) {
            assertEquals((float) ((pixels[k] & 0xff) / 255.0), (float) d.features().getFlat(k));
        }
    }

    private static void readAll(byte[] bytes) {
        try {
            Mat m = IdxReader.readImages(bytes, "fuzz.idx", Precision.FLOAT32, true);
            assertTrue(m.rows() >= 1 && m.cols() >= 1);
        } catch (DataException e) {
            assertTrue(e.getMessage().startsWith("fuzz.idx"), e.getMessage());
        }
        try {
            IdxReader.readLabels(bytes, "fuzz.idx");
        } catch (DataException e) {
            assertTrue(e.getMessage().startsWith("fuzz.idx"), e.getMessage());
        }
        try {
            IdxReader.load(bytes, "fuzz.idx", bytes, "fuzz.idx", Precision.FLOAT64, CLASSES);
        } catch (DataException e) {
            assertTrue(e.getMessage().startsWith("fuzz.idx"), e.getMessage());
        }
    }

    private static long product(int[] dims, int n) {
        long p = n == 0 ? 0 : 1;
        for (int i = 1; i < n; i++) {
            p *= Integer.toUnsignedLong(dims[i]);
        }
        return p * (n == 0 ? 0 : Integer.toUnsignedLong(dims[0]));
    }

    private static byte[] randomBytes(Random r, int n, int bound) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(bound);
        }
        return b;
    }
}
