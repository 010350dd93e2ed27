package org.nnj.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.nnj.api.DataException;
import org.nnj.api.Precision;
import org.nnj.data.CsvOptions;
import org.nnj.data.CsvReader;
import org.nnj.data.Dataset;

/** The data sets bundled in nn.jar (see {@code datasets/NOTICE.md}). */
public final class Datasets {
    private Datasets() {
    }

    /** Iris: 150 flowers, 4 measurements, 3 species. */
    public static Dataset iris(Precision precision) {
        return bundled("iris.csv", precision);
    }

    /** The 8x8 digits: 1797 images of 64 pixels (0..16), 10 classes. */
    public static Dataset digits(Precision precision) {
        return bundled("digits.csv.gz", precision);
    }

    /** Reads a bundled CSV file with its classification label in the last column. */
    public static Dataset bundled(String file, Precision precision) {
        String resource = "/datasets/" + file;
        try (InputStream in = Datasets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataException(resource, "the bundled data set is missing from the class path");
            }
            return new CsvReader(CsvOptions.builder().classification().precision(precision).build())
                    .read(in, file + " (bundled)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
