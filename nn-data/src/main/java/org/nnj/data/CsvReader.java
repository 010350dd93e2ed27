package org.nnj.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.DataException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;

/**
 * Reads a CSV file (UTF-8, optionally gzip-compressed: detected by its magic bytes) into a {@link Dataset},
 * as {@link CsvOptions} says. Also reads scikit-learn's bundled files, whose first line is
 * {@code rows,features,class names...} (see {@link HeaderMode#SKLEARN}).
 *
 * <p>Nothing is skipped silently. Each of these is a {@link DataException} naming the file, the 1-based line,
 * the column (1-based, with its header name when there is one), and what was expected versus found: an empty
 * file; a row with a different number of fields than the header (or the first row); an empty or non-numeric
 * feature cell; NaN or an infinity (or a value beyond the float32 range when reading as float32); a label
 * outside the declared classes; fewer rows than {@link CsvOptions#minRows()}; a feature count other than
 * {@link CsvOptions.Builder#expectFeatures}; a row or feature count other than a scikit-learn header line
 * announces; a blank line anywhere but at the end of the file (trailing blank lines are allowed); an unclosed
 * quote; corrupt gzip data or invalid UTF-8. A byte order mark at the start is ignored; cells may be
 * surrounded by spaces or tabs.
 *
 * <p>Thread-safe: a reader holds only its immutable options; concurrent {@code read} calls do not interact.
 */
@API(status = API.Status.STABLE)
public final class CsvReader {
    private final CsvOptions options;

    public CsvReader(CsvOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Reads {@code file} with {@link CsvOptions#defaults()}. */
    public static Dataset load(Path file) {
        return new CsvReader(CsvOptions.defaults()).read(file);
    }

    /** Reads a file; its path (as given) names it in error messages and becomes {@link Dataset#source()}. */
    public Dataset read(Path file) {
        String source = file.toString();
        try (InputStream in = Inputs.open(file)) {
            return read(in, source);
        } catch (IOException e) {
            throw Inputs.readError(source, -1, e);
        }
    }

    /** Reads from {@code in} (not closed here); {@code source} names it in messages. */
    public Dataset read(InputStream in, String source) {
        Objects.requireNonNull(in, "in");
        String name = source == null ? "<input>" : source;
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, Inputs.BUFFER);
        InputStream data = Inputs.decompressIfGzip(buffered, name);
        Reader reader = new InputStreamReader(data, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        CsvTokenizer tokens = new CsvTokenizer(reader, name, options.delimiter());
        try {
            return new Session(name, tokens).run();
        } catch (IOException e) {
            throw Inputs.readError(name, tokens.line(), e);
        }
    }

    /** One read: the state while going through the records. */
    private final class Session {
        private final String source;
        private final CsvTokenizer tokens;
        private final Precision precision = options.precision();
        private final GrowableValues features;
        private final GrowableValues targets;
        private final List<String> labels = new ArrayList<>();
        private long[] lines = new long[256];
        private int rows;
        private CsvLayout layout;

        Session(String source, CsvTokenizer tokens) {
            this.source = source;
            this.tokens = tokens;
            this.features = new GrowableValues(precision);
            this.targets = new GrowableValues(precision);
        }

        Dataset run() throws IOException {
            CsvTokenizer.Record first = nextNonBlank();
            if (first == null) {
                throw new DataException(source, 1, null, "empty file: expected a header or data rows, found none");
            }
            CsvTokenizer.Record second = nextNonBlank();
            HeaderMode mode = options.header() == HeaderMode.AUTO ? CsvLayout.detect(first, second) : options.header();
            CsvTokenizer.Record firstData = mode == HeaderMode.ABSENT ? first : second;
            layout = CsvLayout.resolve(source, options, mode, first, firstData);
            if (mode == HeaderMode.ABSENT) {
                addRow(first);
                if (second != null) {
                    addRow(second);
                }
            } else {
                addRow(second);
            }
            for (CsvTokenizer.Record r = nextNonBlank(); r != null; r = nextNonBlank()) {
                addRow(r);
            }
            checkRowCount(first);
            return build();
        }

        /** The next record that is not blank; a blank line followed by data is an error. */
        private CsvTokenizer.Record nextNonBlank() throws IOException {
            CsvTokenizer.Record r = tokens.next();
            long blank = -1;
            while (r != null && r.blank()) {
                blank = blank < 0 ? r.line() : blank;
                r = tokens.next();
            }
            if (r != null && blank > 0) {
                throw new DataException(source, blank, null, "blank line; expected data (blank lines are allowed only"
                        + " at the end of the file), found more data on line " + r.line());
            }
            return r;
        }

        private void addRow(CsvTokenizer.Record r) {
            List<String> f = r.fields();
            if (f.size() != layout.columns) {
                throw new DataException(source, r.line(), null, "expected " + layout.columns + " fields (as on line "
                        + layout.referenceLine + "), found " + f.size());
            }
            for (int c : layout.featureCols) {
                store(features, number(r, c), r.line());
            }
            if (options.task() == Task.CLASSIFICATION) {
                int c = layout.targetCols[0];
                String label = f.get(c).strip();
                if (label.isEmpty()) {
                    throw new DataException(source, r.line(), layout.columnLabel(c),
                            "empty cell; expected a class label");
                }
                labels.add(label);
            } else {
                for (int c : layout.targetCols) {
                    store(targets, number(r, c), r.line());
                }
            }
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, (int) Math.min(Integer.MAX_VALUE - 8, 2L * rows));
            }
            lines[rows++] = r.line();
        }

        private double number(CsvTokenizer.Record r, int c) {
            String text = r.fields().get(c);
            Double v = Numbers.parseOrNull(text);
            if (v == null) {
                throw new DataException(source, r.line(), layout.columnLabel(c), Numbers.problem(text));
            }
            if (precision == Precision.FLOAT32 && Math.abs(v) > Float.MAX_VALUE) {
                throw new DataException(source, r.line(), layout.columnLabel(c), "expected a number within the float32"
                        + " range (+-3.4e38), found " + Numbers.quote(text.strip()) + "; read as float64 instead");
            }
            return v;
        }

        private void store(GrowableValues into, double v, long line) {
            if (!into.add(v)) {
                throw new DataException(source, line, null,
                        "too much data: expected at most " + (Integer.MAX_VALUE - 8) + " values in one matrix");
            }
        }

        private void checkRowCount(CsvTokenizer.Record first) {
            if (layout.announcedRows >= 0 && layout.announcedRows != rows) {
                throw new DataException(source, first.line(), "1", "the header line announces " + layout.announcedRows
                        + " rows, found " + rows);
            }
            if (rows < options.minRows()) {
                throw new DataException(source, lines[rows - 1], null, "too few rows: expected at least "
                        + options.minRows() + " data rows, found " + rows);
            }
        }

        private Dataset build() {
            Mat x = features.toMat(rows, layout.featureCols.length);
            List<String> featureNames = names(layout.featureCols);
            switch (options.task()) {
                case CLASSIFICATION: {
                    List<String> declared = options.classNames().isEmpty()
                            ? layout.announcedClasses : options.classNames();
                    int col = layout.targetCols[0];
                    LabelEncoder.Encoded e = new LabelEncoder(source, layout.columnLabel(col), options.maxClasses())
                            .encode(labels, i -> lines[i], options.labelMapping(), declared);
                    if ((long) rows * e.classNames().size() > Integer.MAX_VALUE - 8) {
                        throw new DataException(source, "one-hot targets of " + rows + " x " + e.classNames().size()
                                + " values do not fit in one Java array; expected fewer classes or rows");
                    }
                    return Dataset.classification(x, e.labels(), e.classNames(), featureNames, source);
                }
                case REGRESSION:
                    return Dataset.regression(x, targets.toMat(rows, layout.targetCols.length), featureNames,
                            names(layout.targetCols), source);
                default:
                    return Dataset.unlabelled(x, featureNames, source);
            }
        }

        private List<String> names(int[] cols) {
            if (layout.header.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>(cols.length);
            for (int c : cols) {
                out.add(layout.header.get(c));
            }
            return out;
        }
    }
}
