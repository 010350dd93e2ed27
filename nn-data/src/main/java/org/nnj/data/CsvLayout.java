package org.nnj.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nnj.api.DataException;

/**
 * The shape of one CSV file: the header mode in effect, the column names, which columns are targets and
 * which are features, and for the scikit-learn format the announced counts. Internal to {@link CsvReader}.
 */
final class CsvLayout {
    final HeaderMode mode;
    final List<String> header;
    final int columns;
    final int[] targetCols;
    final int[] featureCols;
    final long announcedRows;
    final long announcedFeatures;
    final List<String> announcedClasses;
    final long referenceLine;

    private CsvLayout(HeaderMode mode, List<String> header, int columns, int[] targetCols, int[] featureCols,
                      long announcedRows, long announcedFeatures, List<String> announcedClasses, long referenceLine) {
        this.mode = mode;
        this.header = header;
        this.columns = columns;
        this.targetCols = targetCols;
        this.featureCols = featureCols;
        this.announcedRows = announcedRows;
        this.announcedFeatures = announcedFeatures;
        this.announcedClasses = announcedClasses;
        this.referenceLine = referenceLine;
    }

    /** Whether the first record is not data (a header or a scikit-learn count line). */
    boolean firstRecordIsHeader() {
        return mode != HeaderMode.ABSENT;
    }

    /** The column for messages: its 1-based index, and its header name when there is one. */
    String columnLabel(int col) {
        String n = Integer.toString(col + 1);
        return header.isEmpty() ? n : n + " (" + header.get(col) + ")";
    }

    /** Decides the header mode for {@link HeaderMode#AUTO} from the first two records (the second may be null). */
    static HeaderMode detect(CsvTokenizer.Record r1, CsvTokenizer.Record r2) {
        List<String> a = r1.fields();
        if (looksLikeSklearn(a, r2)) {
            return HeaderMode.SKLEARN;
        }
        if (r2 == null) {
            return a.stream().noneMatch(s -> Numbers.parseOrNull(s) != null) ? HeaderMode.PRESENT : HeaderMode.ABSENT;
        }
        List<String> b = r2.fields();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (Numbers.parseOrNull(a.get(i)) == null && Numbers.parseOrNull(b.get(i)) != null) {
                return HeaderMode.PRESENT;
            }
        }
        return HeaderMode.ABSENT;
    }

    private static boolean looksLikeSklearn(List<String> a, CsvTokenizer.Record r2) {
        if (a.size() < 3 || r2 == null || !isCount(a.get(0)) || !isCount(a.get(1))) {
            return false;
        }
        for (int i = 2; i < a.size(); i++) {
            if (a.get(i).isBlank() || Numbers.parseOrNull(a.get(i)) != null) {
                return false;
            }
        }
        if (r2.fields().stream().anyMatch(s -> Numbers.parseOrNull(s) == null)) {
            return false;
        }
        return Long.parseLong(a.get(1).strip()) < r2.fields().size();
    }

    private static boolean isCount(String s) {
        String t = s.strip();
        return !t.isEmpty() && t.length() <= 10 && t.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Works out the layout.
     *
     * @param first     the first record
     * @param firstData the first data record (the first or the second record), or null when there is none
     */
    static CsvLayout resolve(String source, CsvOptions o, HeaderMode mode, CsvTokenizer.Record first,
                             CsvTokenizer.Record firstData) {
        List<String> header = List.of();
        long rows = -1;
        long feats = -1;
        List<String> classes = List.of();
        if (mode == HeaderMode.SKLEARN) {
            List<String> f = first.fields();
            rows = count(source, first, 0, "row count");
            feats = count(source, first, 1, "feature count");
            classes = new ArrayList<>();
            for (int i = 2; i < f.size(); i++) {
                classes.add(f.get(i).strip());
            }
            if (classes.stream().distinct().count() != classes.size()) {
                throw new DataException(source, first.line(), null,
                        "expected distinct class names in the scikit-learn header line, found " + classes);
            }
        } else if (mode == HeaderMode.PRESENT) {
            header = first.fields().stream().map(String::strip).toList();
        }
        if (firstData == null) {
            throw new DataException(source, first.line(), null, "too few rows: expected at least " + o.minRows()
                    + " data row" + (o.minRows() == 1 ? "" : "s") + ", found 0");
        }
        int columns = header.isEmpty() ? firstData.fields().size() : header.size();
        long refLine = header.isEmpty() ? firstData.line() : first.line();
        requireSeveralColumns(source, o, first, firstData, columns);
        int[] targets = targetColumns(source, o, header, columns, refLine);
        boolean[] isTarget = new boolean[columns];
        for (int t : targets) {
            isTarget[t] = true;
        }
        int[] features;
        if (!o.featureNames().isEmpty() && !header.isEmpty()) {
            features = featuresByName(source, o.featureNames(), header, isTarget, refLine);
        } else {
            features = new int[columns - targets.length];
            for (int c = 0, k = 0; c < columns; c++) {
                if (!isTarget[c]) {
                    features[k++] = c;
                }
            }
        }
        CsvLayout layout = new CsvLayout(mode, header, columns, targets, features, rows, feats, classes, refLine);
        layout.checkFeatureCount(source, o, first);
        return layout;
    }

    /**
     * A file read as one column although it needs a label and features, or whose single field holds another
     * separator: says so, rather than what would follow from it (no header, no feature column).
     */
    private static void requireSeveralColumns(String source, CsvOptions o, CsvTokenizer.Record first,
                                              CsvTokenizer.Record firstData, int columns) {
        if (columns != 1) {
            return;
        }
        String cell = first.fields().get(0);
        char d = o.delimiter();
        for (char other : new char[] {';', '\t', ',', '|'}) {
            if (other != d && cell.indexOf(other) >= 0) {
                throw new DataException(source, first.line(), null, "found one column, " + Numbers.quote(cell.strip())
                        + ", that holds " + (other == '\t' ? "tabs" : "'" + other + "'") + "; expected fields "
                        + "separated by '" + d + "' (files separated by '" + (other == '\t' ? "\\t" : other)
                        + "' must be converted)");
            }
        }
        if (o.task() != Task.UNLABELLED) {
            throw new DataException(source, firstData.line(), null, "found one column; expected at least two, "
                    + "the features and the " + (o.task() == Task.CLASSIFICATION ? "label" : "target")
                    + " separated by '" + d + "'");
        }
    }

    /** The columns of {@code names} in {@code header}, in the order of {@code names}; see CsvOptions. */
    private static int[] featuresByName(String source, List<String> names, List<String> header, boolean[] isTarget,
                                        long line) {
        List<String> missing = new ArrayList<>();
        List<String> targetsNamed = new ArrayList<>();
        int[] cols = new int[names.size()];
        for (int i = 0; i < cols.length; i++) {
            String name = names.get(i);
            int at = header.indexOf(name);
            if (at >= 0 && header.lastIndexOf(name) != at) {
                throw new DataException(source, line, null, "several columns named " + Numbers.quote(name)
                        + "; expected each feature once");
            }
            if (at < 0) {
                missing.add(name);
            } else if (isTarget[at]) {
                targetsNamed.add(name);
            }
            cols[i] = at;
        }
        List<String> unknown = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (!isTarget[c] && !names.contains(header.get(c))) {
                unknown.add(header.get(c));
            }
        }
        if (missing.isEmpty() && unknown.isEmpty() && targetsNamed.isEmpty()) {
            return cols;
        }
        StringBuilder sb = new StringBuilder("the header does not name the expected features");
        if (!missing.isEmpty()) {
            sb.append("; missing: ").append(Messages.shortList(missing, 20));
        }
        if (!unknown.isEmpty()) {
            sb.append("; unknown columns: ").append(Messages.shortList(unknown, 20));
        }
        if (!targetsNamed.isEmpty()) {
            sb.append("; taken as the label or target: ").append(Messages.shortList(targetsNamed, 20))
                    .append(" (name the label column, e.g. data.label in the spec)");
        }
        sb.append(". Expected the features ").append(Messages.shortList(names, 20))
                .append(" in any order, besides the label or target columns");
        throw new DataException(source, line, null, sb.toString());
    }

    private void checkFeatureCount(String source, CsvOptions o, CsvTokenizer.Record first) {
        String found = featureCols.length + " (" + columns + " columns minus " + targetCols.length + " target"
                + (targetCols.length == 1 ? "" : "s") + ")";
        if (featureCols.length == 0) {
            throw new DataException(source, referenceLine, null, "expected at least one feature column, found "
                    + found);
        }
        if (announcedFeatures >= 0 && announcedFeatures != featureCols.length) {
            throw new DataException(source, first.line(), "2", "the header line announces " + announcedFeatures
                    + " features, found " + found);
        }
        if (o.expectedFeatures() >= 0 && o.expectedFeatures() != featureCols.length) {
            throw new DataException(source, referenceLine, null, "expected " + o.expectedFeatures()
                    + " features (expectFeatures), found " + found);
        }
    }

    private static long count(String source, CsvTokenizer.Record r, int i, String what) {
        String s = r.fields().size() > i ? r.fields().get(i).strip() : "";
        if (!isCount(s)) {
            throw new DataException(source, r.line(), Integer.toString(i + 1), "expected the " + what
                    + " of a scikit-learn header line (rows,features,class names...), found " + Numbers.quote(s));
        }
        return Long.parseLong(s);
    }

    private static int[] targetColumns(String source, CsvOptions o, List<String> header, int columns, long line) {
        if (o.task() == Task.UNLABELLED) {
            return new int[0];
        }
        int[] cols;
        if (!o.targetNames().isEmpty()) {
            if (header.isEmpty()) {
                throw new DataException(source, line, null, "target column " + o.targetNames()
                        + " is given by name but the file has no header; expected a header line or a column index");
            }
            cols = new int[o.targetNames().size()];
            for (int i = 0; i < cols.length; i++) {
                String name = o.targetNames().get(i);
                int at = header.indexOf(name);
                if (at < 0 || header.lastIndexOf(name) != at) {
                    throw new DataException(source, line, null, (at < 0 ? "no column named " : "several columns named ")
                            + Numbers.quote(name) + "; expected one of " + Messages.shortList(header, 20));
                }
                cols[i] = at;
            }
        } else {
            cols = o.targetIndices();
            for (int i = 0; i < cols.length; i++) {
                int c = cols[i] < 0 ? columns + cols[i] : cols[i];
                if (c < 0 || c >= columns) {
                    throw new DataException(source, line, null, "target column index " + cols[i]
                            + " is outside the file's " + columns + " columns; expected 0.." + (columns - 1)
                            + " or -" + columns + "..-1");
                }
                cols[i] = c;
            }
        }
        if (Arrays.stream(cols).distinct().count() != cols.length) {
            throw new DataException(source, line, null, "expected distinct target columns, found "
                    + Arrays.toString(cols) + " (0-based)");
        }
        if (o.task() == Task.CLASSIFICATION && cols.length != 1) {
            throw new DataException(source, line, null, "classification needs exactly one label column, found "
                    + cols.length);
        }
        return cols;
    }
}
