package org.nnj.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.nnj.api.DataException;

/** Turns the label texts of a CSV column into class indices, as {@link LabelMapping} documents. Internal. */
final class LabelEncoder {
    record Encoded(int[] labels, List<String> classNames) {
    }

    private final String source;
    private final String column;
    private final int maxClasses;

    LabelEncoder(String source, String column, int maxClasses) {
        this.source = source;
        this.column = column;
        this.maxClasses = maxClasses;
    }

    /**
     * @param raw      label text per row, already stripped
     * @param lineOf   the 1-based file line of row i
     * @param declared declared class names, or empty
     */
    Encoded encode(List<String> raw, IntFunction<Long> lineOf, LabelMapping mapping, List<String> declared) {
        LabelMapping m = mapping;
        if (m == LabelMapping.AUTO) {
            m = allNonNegativeIntegers(raw) ? LabelMapping.INDEX : LabelMapping.SORTED;
        }
        if (m == LabelMapping.INDEX) {
            return byIndex(raw, lineOf, declared);
        }
        if (!declared.isEmpty()) {
            return byName(raw, lineOf, declared);
        }
        List<String> classes = distinct(raw, lineOf);
        if (m == LabelMapping.SORTED) {
            boolean numeric = classes.stream().allMatch(s -> Numbers.parseOrNull(s) != null);
            classes.sort(numeric ? Comparator.comparingDouble(Numbers::parseOrNull) : Comparator.naturalOrder());
        }
        return byName(raw, lineOf, classes);
    }

    private static boolean allNonNegativeIntegers(List<String> raw) {
        for (String s : raw) {
            Integer v = Numbers.integerOrNull(s);
            if (v == null || v < 0) {
                return false;
            }
        }
        return true;
    }

    private Encoded byIndex(List<String> raw, IntFunction<Long> lineOf, List<String> declared) {
        int[] labels = new int[raw.size()];
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            Integer v = Numbers.integerOrNull(raw.get(i));
            if (v == null || v < 0) {
                throw new DataException(source, lineOf.apply(i), column,
                        "expected a class index (an integer >= 0), found " + Numbers.quote(raw.get(i)));
            }
            if (!declared.isEmpty() && v >= declared.size()) {
                throw new DataException(source, lineOf.apply(i), column, "label " + v
                        + " is outside the known classes; expected 0.." + (declared.size() - 1) + " "
                        + Messages.shortList(declared, 10));
            }
            if (v >= maxClasses) {
                throw new DataException(source, lineOf.apply(i), column, "label " + v + " would make " + (v + 1L)
                        + " classes; expected at most " + maxClasses
                        + " (is this a regression target? or map codes with LabelMapping.SORTED)");
            }
            labels[i] = v;
            max = Math.max(max, v);
        }
        List<String> names = declared;
        if (names.isEmpty()) {
            names = new ArrayList<>();
            for (int c = 0; c <= max; c++) {
                names.add(Integer.toString(c));
            }
        }
        return new Encoded(labels, List.copyOf(names));
    }

    private List<String> distinct(List<String> raw, IntFunction<Long> lineOf) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            if (seen.add(raw.get(i)) && seen.size() > maxClasses) {
                throw new DataException(source, lineOf.apply(i), column, "label " + Numbers.quote(raw.get(i))
                        + " is class number " + seen.size() + "; expected at most " + maxClasses
                        + " classes (is this a regression target?)");
            }
        }
        return new ArrayList<>(seen);
    }

    private Encoded byName(List<String> raw, IntFunction<Long> lineOf, List<String> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        int[] labels = new int[raw.size()];
        for (int i = 0; i < labels.length; i++) {
            Integer c = index.get(raw.get(i));
            if (c == null) {
                throw new DataException(source, lineOf.apply(i), column, "label " + Numbers.quote(raw.get(i))
                        + " is not one of the known classes; expected one of " + Messages.shortList(classes, 10));
            }
            labels[i] = c;
        }
        return new Encoded(labels, List.copyOf(classes));
    }
}
