package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.data.TestFiles.assertDataError;
import static org.nnj.data.TestFiles.gzip;
import static org.nnj.data.TestFiles.idx;
import static org.nnj.data.TestFiles.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;

class IdxReaderTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void readsRawAndGzipImagesScaledToUnitRange() {
        Mat raw = IdxReader.readImages(resource("idx/tiny-images-idx3-ubyte"), Precision.FLOAT32, true);
        Mat gz = IdxReader.readImages(resource("idx/tiny-images-idx3-ubyte.gz"), Precision.FLOAT32, true);
        assertEquals(3, raw.rows());
        assertEquals(4, raw.cols());
        assertEquals(raw, gz);
        assertEquals(0.0, raw.get(0, 0));
        assertEquals(20 / 255.0, raw.get(0, 1), 1e-7);
        assertEquals(220 / 255.0, raw.get(2, 3), 1e-7);
        Mat unscaled = IdxReader.readImages(resource("idx/tiny-images-idx3-ubyte"), Precision.FLOAT64, false);
        assertEquals(220.0, unscaled.get(2, 3));
    }

    @Test
    void loadsAPairAsAClassificationSet() {
        Dataset d = IdxReader.load(resource("idx/tiny-images-idx3-ubyte.gz"), resource("idx/tiny-labels-idx1-ubyte"),
                Precision.FLOAT64);
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classNames());
        assertEquals(1.0, d.targets().get(0, 2));
        assertEquals(Precision.FLOAT64, d.precision());
    }

    @Test
    void imagesArriveWithTheirShape() {
        Dataset d = IdxReader.load(resource("idx/tiny-images-idx3-ubyte.gz"), resource("idx/tiny-labels-idx1-ubyte"),
                Precision.FLOAT32);
        assertEquals(Shape.image(1, 2, 2), d.sampleShape(), "an item of 2 x 2 is one channel of 2 x 2");
        assertEquals(Shape.image(1, 2, 2), d.subset(new int[] {1, 0}).sampleShape());
        assertEquals(Shape.image(1, 2, 2), d.withPrecision(Precision.FLOAT64).sampleShape());
        Dataset color = IdxReader.load(idx(0x08, new int[] {2, 3, 1, 2}, new byte[12]), "rgb",
                idx(0x08, new int[] {2}, new byte[2]), "lab", Precision.FLOAT32, ABC);
        assertEquals(Shape.of(3, 1, 2), color.sampleShape(), "other items keep their dimensions");
        Dataset flat = IdxReader.load(idx(0x08, new int[] {2, 5}, new byte[10]), "vec",
                idx(0x08, new int[] {2}, new byte[2]), "lab", Precision.FLOAT32, ABC);
        assertEquals(Shape.flat(5), flat.sampleShape());
    }

    @Test
    void fashionClassNamesWhenThePathSaysFashion(@TempDir Path dir) throws IOException {
        Path fashion = Files.createDirectories(dir.resolve("Fashion-MNIST"));
        assertEquals(MnistDirectory.FASHION_MNIST_CLASSES,
                IdxReader.defaultClassNames(fashion.resolve("x-images-idx3-ubyte"), new int[] {1}));
        assertEquals(12, IdxReader.defaultClassNames(dir.resolve("emnist"), new int[] {11}).size());
    }

    @Test
    void wrongMagicNumber() {
        byte[] b = idx(0x08, new int[] {1, 2}, new byte[2]);
        b[0] = 0x50;
        assertDataError(() -> IdxReader.readImages(b, "bad.idx", Precision.FLOAT32, true), "bad.idx",
                "wrong magic number 0x50000802", "expected 0x0000TTNN");
    }

    @Test
    void unsupportedTypeCode() {
        byte[] b = idx(0x0D, new int[] {1, 2}, new byte[8]);
        assertDataError(() -> IdxReader.readImages(b, "float.idx", Precision.FLOAT32, true), "float.idx",
                "unsupported type code 0x0D (float); expected 0x08 (unsigned byte)");
    }

    @Test
    void labelFileGivenAsImagesAndTheOtherWayRound() {
        byte[] labels = idx(0x08, new int[] {3}, new byte[3]);
        assertDataError(() -> IdxReader.readImages(labels, "l.idx", Precision.FLOAT32, true), "l.idx",
                "expected 2..8 dimensions for images, found 1 (a label file?)");
        byte[] images = idx(0x08, new int[] {1, 2, 2}, new byte[4]);
        assertDataError(() -> IdxReader.readLabels(images, "i.idx"), "i.idx",
                "expected 1 dimensions for labels, found 3 (an image file?)");
    }

    @Test
    void hostileDimensionsFailBeforeAllocating() {
        byte[] huge = idx(0x08, new int[] {-1, -1, -1}, new byte[16]);
        assertDataError(() -> IdxReader.readImages(huge, "huge.idx", Precision.FLOAT32, true), "huge.idx",
                "header dimensions 4294967295 x 4294967295 x 4294967295 make more than 2147483639 values");
        byte[] big = idx(0x08, new int[] {60000, 28, 28}, new byte[16]);
        assertDataError(() -> IdxReader.readImages(big, "big.idx", Precision.FLOAT32, true), "big.idx",
                "header dimensions 60000 x 28 x 28 need 47040000 data bytes (47040016 bytes with the header), "
                        + "but the file has 32 bytes (truncated)");
        assertDataError(() -> IdxReader.readImages(gzip(big), "big.idx.gz", Precision.FLOAT32, true), "big.idx.gz",
                "need 47040016 bytes uncompressed, but the gzip trailer records 32 bytes");
        byte[] zero = idx(0x08, new int[] {0, 28}, new byte[0]);
        assertDataError(() -> IdxReader.readImages(zero, "zero.idx", Precision.FLOAT32, true),
                "dimension 1 of 0 x 28 is 0; expected at least 1 image");
    }

    @Test
    void gzipWhoseTrailerAgreesButWhoseDataIsShort() {
        byte[] full = idx(0x08, new int[] {10, 10}, new byte[100]);
        byte[] shortData = Arrays.copyOf(full, 60);
        byte[] gz = gzip(shortData);
        // forge the trailer's size so only the stream itself can tell
        int size = full.length;
        gz[gz.length - 4] = (byte) size;
        gz[gz.length - 3] = (byte) (size >>> 8);
        gz[gz.length - 2] = 0;
        gz[gz.length - 1] = 0;
        DataExceptionCheck.anyOf(() -> IdxReader.readImages(gz, "short.gz", Precision.FLOAT32, true), "short.gz",
                "truncated data: header dimensions 10 x 10 need 100 data bytes, found only 48",
                "corrupt gzip data");
    }

    @Test
    void extraBytesAfterTheData() {
        byte[] b = Arrays.copyOf(idx(0x08, new int[] {2, 2}, new byte[4]), 28);
        assertDataError(() -> IdxReader.readImages(b, "extra.idx", Precision.FLOAT32, true), "extra.idx",
                "but the file has 28 bytes (extra bytes at the end)");
        assertDataError(() -> IdxReader.readImages(gzip(b), "extra.gz", Precision.FLOAT32, true), "extra.gz");
    }

    @Test
    void truncatedHeader() {
        assertDataError(() -> IdxReader.readLabels(new byte[] {0, 0}, "tiny"), "tiny", "truncated header");
        assertDataError(() -> IdxReader.readLabels(new byte[] {0, 0, 8, 1, 0}, "tiny2"), "tiny2",
                "truncated header: expected 1 dimension sizes, found 0");
    }

    @Test
    void differentCountsOfImagesAndLabels() {
        byte[] images = idx(0x08, new int[] {3, 2}, new byte[6]);
        byte[] labels = idx(0x08, new int[] {2}, new byte[2]);
        assertDataError(() -> IdxReader.load(images, "img.idx", labels, "lab.idx", Precision.FLOAT32, ABC),
                "img.idx", "holds 3 images but lab.idx holds 2 labels; expected the same count");
    }

    @Test
    void labelOutsideTheClasses() {
        byte[] images = idx(0x08, new int[] {2, 2}, new byte[4]);
        byte[] labels = idx(0x08, new int[] {2}, new byte[] {1, 7});
        assertDataError(() -> IdxReader.load(images, "img.idx", labels, "lab.idx", Precision.FLOAT32, ABC),
                "lab.idx", "item 1 (0-based) has label 7; expected 0..2 (3 classes [a, b, c])");
    }

    @Test
    void givenClassesALabelOutsideThemNamesTheLabelFileRatherThanGrowingTheClasses(@TempDir Path dir)
            throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {3, 2, 2}, new byte[12]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[] {3}, new byte[] {1, (byte) 200, 0}));
        assertEquals(201, MnistDirectory.train(dir, Precision.FLOAT32).classCount(), "without classes: 0..max");
        assertDataError(() -> MnistDirectory.train(dir, Precision.FLOAT32, List.of("0", "1", "2", "3", "4", "5", "6",
                "7", "8", "9")), "train-labels-idx1-ubyte", "item 1 (0-based) has label 200; expected 0..9");
    }

    @Test
    void mnistDirectoryLayout(@TempDir Path dir) throws IOException {
        assertTrue(!MnistDirectory.isMnistLayout(dir));
        assertDataError(() -> MnistDirectory.train(dir, Precision.FLOAT32), dir.toString(),
                "no train images file; expected one of [train-images-idx3-ubyte.gz");
        byte[] img = Files.readAllBytes(resource("idx/tiny-images-idx3-ubyte.gz"));
        byte[] lab = Files.readAllBytes(resource("idx/tiny-labels-idx1-ubyte"));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), img);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), lab);
        Files.write(dir.resolve("t10k-images.idx3-ubyte"), Files.readAllBytes(resource("idx/tiny-images-idx3-ubyte")));
        Files.write(dir.resolve("t10k-labels.idx1-ubyte.gz"), gzip(lab));
        assertTrue(MnistDirectory.isMnistLayout(dir));
        assertEquals(3, MnistDirectory.train(dir, Precision.FLOAT32).size());
        assertArrayEquals(new int[] {2, 0, 1}, MnistDirectory.test(dir, Precision.FLOAT32).labels());
    }

    @Test
    void fashionMnistFromDebianWhenInstalled() {
        Path dir = MnistDirectory.FASHION_MNIST_DIR;
        org.junit.jupiter.api.Assumptions.assumeTrue(MnistDirectory.isMnistLayout(dir),
                "dataset-fashion-mnist not installed");
        long start = System.nanoTime();
        Dataset train = MnistDirectory.train(dir, Precision.FLOAT32);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(60000, train.size());
        assertEquals(784, train.featureCount());
        assertEquals(MnistDirectory.FASHION_MNIST_CLASSES, train.classNames());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000},
                train.classCounts());
        assertTrue(seconds < 5, "loading took " + seconds + " s");
        Dataset test = MnistDirectory.test(dir, Precision.FLOAT32);
        assertEquals(10000, test.size());
    }
}
