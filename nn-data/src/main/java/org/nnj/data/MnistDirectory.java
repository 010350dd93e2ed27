package org.nnj.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.nnj.api.DataException;
import org.nnj.api.Precision;

/**
 * A directory in the MNIST layout: {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}. Each file may also be uncompressed
 * (no {@code .gz}) or use a dot before {@code idx} ({@code train-images.idx3-ubyte}). Debian's
 * {@code dataset-fashion-mnist} installs Fashion-MNIST this way in {@link #FASHION_MNIST_DIR}.
 * Stateless and thread-safe.
 */
@API(status = API.Status.STABLE)
public final class MnistDirectory {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fashion-MNIST's classes in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private MnistDirectory() {
    }

    /** The 60,000-image training part (for MNIST-sized sets), scaled to [0, 1]. */
    public static Dataset train(Path dir, Precision precision) {
        return part(dir, "train", precision);
    }

    /** The 10,000-image test part, scaled to [0, 1]. */
    public static Dataset test(Path dir, Precision precision) {
        return part(dir, "t10k", precision);
    }

    /**
     * The training part with the given classes in label order: a label outside them fails naming the label file
     * and the item (without them the classes run from 0 to the largest label).
     */
    public static Dataset train(Path dir, Precision precision, List<String> classNames) {
        return part(dir, "train", precision, java.util.Objects.requireNonNull(classNames, "classNames"));
    }

    /** The test part with the given classes in label order (see {@link #train(Path, Precision, List)}). */
    public static Dataset test(Path dir, Precision precision, List<String> classNames) {
        return part(dir, "t10k", precision, java.util.Objects.requireNonNull(classNames, "classNames"));
    }

    /** Whether {@code dir} is a directory holding the four files (in any accepted naming). */
    public static boolean isMnistLayout(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String part : List.of("train", "t10k")) {
            if (find(dir, part, "images", 3) == null || find(dir, part, "labels", 1) == null) {
                return false;
            }
        }
        return true;
    }

    private static Dataset part(Path dir, String part, Precision precision) {
        return part(dir, part, precision, null);
    }

    private static Dataset part(Path dir, String part, Precision precision, List<String> classNames) {
        Path images = require(dir, part, "images", 3);
        Path labels = require(dir, part, "labels", 1);
        return IdxReader.load(images, labels, precision, classNames);
    }

    private static Path require(Path dir, String part, String kind, int dims) {
        Path p = find(dir, part, kind, dims);
        if (p == null) {
            throw new DataException(dir.toString(), "no " + part + " " + kind + " file; expected one of "
                    + candidates(part, kind, dims));
        }
        return p;
    }

    private static Path find(Path dir, String part, String kind, int dims) {
        for (String name : candidates(part, kind, dims)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static List<String> candidates(String part, String kind, int dims) {
        List<String> names = new ArrayList<>();
        for (String sep : List.of("-", ".")) {
            String base = part + "-" + kind + sep + "idx" + dims + "-ubyte";
            names.add(base + ".gz");
            names.add(base);
        }
        return names;
    }
}
