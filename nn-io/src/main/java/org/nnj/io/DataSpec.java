package org.nnj.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.data.Scalers;

/**
 * The {@code "data"} section of a spec: how to read and prepare the data a spec trains on. Fields left out of
 * the file are null here and resolved by the methods below, so that a spec written back says only what its
 * author said.
 *
 * @param format     {@code "csv"} or {@code "idx"}, or null to infer from the path ({@link #formatFor})
 * @param labelName  the label column by header name, or null
 * @param labelIndex the label column by index (negative counts from the end: -1 is the last), or null; at most
 *                   one of {@code labelName} and {@code labelIndex} is set, and neither means the last column
 * @param scaling    {@code "none"}, {@code "minmax"} or {@code "standard"}, or null for the format's default
 *                   ({@link #scalingFor})
 * @param testSplit  fraction of the data held out for testing, in [0, 1); ignored when the source has its own
 *                   test set (an IDX directory with t10k files)
 */
@API(status = API.Status.STABLE)
public record DataSpec(String format, String labelName, Integer labelIndex, String scaling, double testSplit) {
    /** The formats a spec may name. */
    public static final List<String> FORMATS = List.of("csv", "idx");
    /** The default test fraction. */
    public static final double DEFAULT_TEST_SPLIT = 0.2;

    public DataSpec {
        if (format != null && !FORMATS.contains(format)) {
            throw new ConfigException("data.format", "unknown format \"" + format + "\"; expected one of "
                    + String.join(", ", FORMATS));
        }
        if (labelName != null && labelIndex != null) {
            throw new ConfigException("data.label", "give the label column by name or by index, not both");
        }
        if (labelName != null && labelName.isEmpty()) {
            throw new ConfigException("data.label", "expected a column name or index, got an empty string");
        }
        if (scaling != null && !Scalers.NAMES.contains(scaling)) {
            throw new ConfigException("data.scaling", "unknown scaling \"" + scaling + "\"; expected one of "
                    + String.join(", ", Scalers.NAMES));
        }
        if (!(testSplit >= 0 && testSplit < 1)) {
            throw new ConfigException("data.test_split", "expected a fraction in [0, 1), got " + testSplit);
        }
    }

    /** Every default: format and scaling inferred, the last column as label, 20% test data. */
    public static DataSpec defaults() {
        return new DataSpec(null, null, null, null, DEFAULT_TEST_SPLIT);
    }

    /**
     * The format to read {@code path} with: the given one, else {@code idx} for a directory or a file whose name
     * contains {@code idx} or ends in {@code -ubyte}/{@code -ubyte.gz}, else {@code csv}.
     */
    public String formatFor(Path path) {
        if (format != null) {
            return format;
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) || name.contains("idx") || name.endsWith("-ubyte") || name.endsWith("-ubyte.gz")) {
            return "idx";
        }
        return "csv";
    }

    /** The scaling to fit on the training split: the given one, else "standard" for CSV and "none" for IDX. */
    public String scalingFor(String resolvedFormat) {
        if (scaling != null) {
            return scaling;
        }
        return "idx".equals(resolvedFormat) ? Scalers.NONE_NAME : "standard";
    }
}
