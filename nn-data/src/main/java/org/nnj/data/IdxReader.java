package org.nnj.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.DataException;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by the magic bytes
 * {@code 1f 8b}). Only the unsigned-byte type (0x08) is supported. An image file of dimensions
 * {@code n x rows x cols} becomes an {@code n x (rows*cols)} matrix, by default scaled to {@code [0, 1]} by
 * dividing by 255; a label file of dimension {@code n} becomes {@code int[n]}.
 *
 * <p>Before allocating, the header is checked: the magic number (two zero bytes, type code, dimension count),
 * the type code, every dimension at least 1, the product of the dimensions within one Java array, and that
 * product against the file: exactly the file size for a raw file; for a gzip file the trailer's recorded
 * size and the 1032:1 limit of DEFLATE. So a hostile header cannot cause a huge allocation. Truncated data,
 * extra data after the declared values, corrupt gzip, differing image and label counts and labels outside
 * the classes are {@link DataException}s naming the file.
 *
 * <p>Data is read in 64 KiB blocks and converted through a 256-entry table; the 47 MB of Fashion-MNIST's
 * training images load in well under a second. Stateless and thread-safe.
 */
@API(status = API.Status.STABLE)
public final class IdxReader {
    private static final int BLOCK = 1 << 16;

    private IdxReader() {
    }

    /** The images of {@code file} as an {@code n x (rows*cols)} matrix, scaled to [0, 1] when {@code scale}. */
    public static Mat readImages(Path file, Precision precision, boolean scale) {
        return images(IdxInput.of(file), precision, scale);
    }

    /** {@link #readImages(Path, Precision, boolean)} from bytes in memory. */
    public static Mat readImages(byte[] content, String source, Precision precision, boolean scale) {
        return images(IdxInput.of(content, source), precision, scale);
    }

    /** The labels of a one-dimensional IDX file, each in 0..255. */
    public static int[] readLabels(Path file) {
        return labels(IdxInput.of(file));
    }

    /** {@link #readLabels(Path)} from bytes in memory. */
    public static int[] readLabels(byte[] content, String source) {
        return labels(IdxInput.of(content, source));
    }

    /**
     * Images (scaled to [0, 1]) and labels as a classification {@link Dataset}, with the class names
     * {@link #defaultClassNames} picks for the images' path.
     */
    public static Dataset load(Path images, Path labels, Precision precision) {
        return load(images, labels, precision, null);
    }

    /**
     * Images (scaled to [0, 1]) and labels as a classification {@link Dataset}.
     *
     * @param classNames the classes in label order, or {@code null} for {@link #defaultClassNames}
     */
    public static Dataset load(Path images, Path labels, Precision precision, List<String> classNames) {
        int[] y = readLabels(labels);
        IdxInput in = IdxInput.of(images);
        Mat x = images(in, precision, true);
        return combine(x, images.toString(), y, labels.toString(),
                classNames != null ? classNames : defaultClassNames(images, y)).withSampleShape(sampleShape(in));
    }

    /**
     * The shape of one item of an IDX image file, as {@link Dataset#sampleShape()} gives it: an item of two
     * dimensions (MNIST's 28 x 28) is one channel, {@code 1x28x28} (channels x height x width); an item of one
     * dimension is a flat vector; other items keep their dimensions as stored.
     */
    public static Shape sampleShape(Path images) {
        return sampleShape(IdxInput.of(images));
    }

    private static Shape sampleShape(IdxInput input) {
        try (InputStream in = input.open()) {
            IdxHeader h = IdxHeader.read(in, input, 2, 8, "image");
            int[] item = java.util.Arrays.copyOfRange(h.dims, 1, h.dims.length);
            return item.length == 2 ? Shape.image(1, item[0], item[1]) : Shape.of(item);
        } catch (IOException e) {
            throw Inputs.readError(input.source, -1, e);
        }
    }

    /** {@link #load(Path, Path, Precision, List)} from bytes in memory; class names are required. */
    public static Dataset load(byte[] images, String imagesSource, byte[] labels, String labelsSource,
                               Precision precision, List<String> classNames) {
        Objects.requireNonNull(classNames, "classNames");
        int[] y = readLabels(labels, labelsSource);
        IdxInput in = IdxInput.of(images, imagesSource);
        Mat x = images(in, precision, true);
        return combine(x, imagesSource, y, labelsSource, classNames).withSampleShape(sampleShape(in));
    }

    /**
     * The Fashion-MNIST class names when the absolute path of {@code images} contains "fashion" (any case),
     * as Debian's {@code /usr/share/datasets/fashion-mnist/} does; otherwise the digits "0".."9", or
     * "0".."max" when some label is above 9.
     */
    public static List<String> defaultClassNames(Path images, int[] labels) {
        if (images.toAbsolutePath().toString().toLowerCase(Locale.ROOT).contains("fashion")) {
            return MnistDirectory.FASHION_MNIST_CLASSES;
        }
        int max = 9;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private static Dataset combine(Mat x, String xSource, int[] y, String ySource, List<String> classNames) {
        if (x.rows() != y.length) {
            throw new DataException(xSource, "holds " + x.rows() + " images but " + ySource + " holds " + y.length
                    + " labels; expected the same count");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classNames.size()) {
                throw new DataException(ySource, "item " + i + " (0-based) has label " + y[i] + "; expected 0.."
                        + (classNames.size() - 1) + " (" + classNames.size() + " classes "
                        + Messages.shortList(classNames, 10) + ")");
            }
        }
        return Dataset.classification(x, y, classNames, List.of(), xSource);
    }

    private static Mat images(IdxInput input, Precision precision, boolean scale) {
        Objects.requireNonNull(precision, "precision");
        try (InputStream in = input.open()) {
            IdxHeader h = IdxHeader.read(in, input, 2, 8, "image");
            int n = h.count();
            int d = h.itemSize();
            requireHeap(input, (long) n * d * (precision == Precision.FLOAT32 ? 4 : 8));
            Mat out = Mat.zeros(precision, n, d);
            readValues(in, input, h, out, scale ? 1.0 / 255.0 : 1.0);
            return out;
        } catch (IOException e) {
            throw Inputs.readError(input.source, -1, e);
        }
    }

    private static int[] labels(IdxInput input) {
        try (InputStream in = input.open()) {
            IdxHeader h = IdxHeader.read(in, input, 1, 1, "label");
            requireHeap(input, 4L * h.count());
            int[] out = new int[h.count()];
            byte[] block = new byte[BLOCK];
            int done = 0;
            while (done < out.length) {
                int got = readBlock(in, input, h, block, Math.min(BLOCK, out.length - done), done);
                for (int i = 0; i < got; i++) {
                    out[done + i] = block[i] & 0xff;
                }
                done += got;
            }
            requireEnd(in, input, h);
            return out;
        } catch (IOException e) {
            throw Inputs.readError(input.source, -1, e);
        }
    }

    private static void readValues(InputStream in, IdxInput input, IdxHeader h, Mat out, double factor)
            throws IOException {
        long total = (long) out.rows() * out.cols();
        byte[] block = new byte[BLOCK];
        Object table = out instanceof F32Mat ? F32Values.byteTable(factor) : F64Values.byteTable(factor);
        for (int done = 0; done < total; ) {
            int got = readBlock(in, input, h, block, (int) Math.min(BLOCK, total - done), done);
            if (out instanceof F32Mat m) {
                F32Values.lookup(block, got, (float[]) table, m.data(), m.offset() + done);
            } else {
                F64Mat m = (F64Mat) out;
                F64Values.lookup(block, got, (double[]) table, m.data(), m.offset() + done);
            }
            done += got;
        }
        requireEnd(in, input, h);
    }

    private static int readBlock(InputStream in, IdxInput input, IdxHeader h, byte[] block, int want, long done)
            throws IOException {
        int got = in.readNBytes(block, 0, want);
        if (got < want) {
            long total = (long) h.count() * h.itemSize();
            throw new DataException(input.source, "truncated data: header dimensions " + h.describe() + " need "
                    + total + " data bytes, found only " + (done + got));
        }
        return got;
    }

    private static void requireEnd(InputStream in, IdxInput input, IdxHeader h) throws IOException {
        if (in.read() >= 0) {
            throw new DataException(input.source, "extra data after the " + ((long) h.count() * h.itemSize())
                    + " data bytes that header dimensions " + h.describe() + " declare; expected the end of the file");
        }
    }

    private static void requireHeap(IdxInput input, long bytes) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new DataException(input.source, "needs " + (bytes >> 20) + " MB to hold the data, more than the "
                    + (max >> 20) + " MB the JVM may use; expected a smaller file or a larger -Xmx");
        }
    }
}
